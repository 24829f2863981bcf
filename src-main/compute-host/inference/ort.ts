import { createRequire } from 'node:module'

/**
 * ONNX Runtime for Node, loaded once. It is a CommonJS package with a native binding; only the compute host
 * imports this module, because session creation and `run` block the calling thread (model-packs.md).
 */
export const ort = createRequire(import.meta.url)('onnxruntime-node') as typeof import('onnxruntime-node')
export type Tensor = import('onnxruntime-node').Tensor
export type InferenceSession = import('onnxruntime-node').InferenceSession
export type TensorType = import('onnxruntime-node').Tensor.Type
export type ValueMetadata = import('onnxruntime-node').InferenceSession.ValueMetadata
