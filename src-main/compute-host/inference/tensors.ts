import { AppError } from '../../../src-shared/contract'
import { ort, type Tensor, type TensorType } from './ort'

/** A tensor as it crosses the compute host's channel (structured clone keeps typed arrays, BigInt64Array included). */
export interface TensorData {
  type: TensorType
  dims: number[]
  data: Float32Array | Uint16Array | BigInt64Array | Int32Array | Uint8Array | Int8Array | Float64Array
}

export function toTensor(name: string, value: TensorData): Tensor {
  try {
    return new ort.Tensor(value.type as 'float32', value.data as Float32Array, value.dims)
  } catch (error) {
    throw new AppError('compute.failed', `Tensor ${name} is malformed: ${(error as Error).message}`, { tensor: name })
  }
}

export function fromTensor(tensor: Tensor): TensorData {
  return { type: tensor.type, dims: [...tensor.dims], data: tensor.data as TensorData['data'] }
}
