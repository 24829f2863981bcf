import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

export const executionProviders = ['cuda', 'dml', 'coreml', 'webgpu', 'cpu'] as const
export type ExecutionProvider = (typeof executionProviders)[number]
/** 'auto' picks by platform; a named provider is the user's override. */
export type ProviderChoice = ExecutionProvider | 'auto'

/**
 * The providers to try, best first, always ending with cpu (model-packs.md, "Execution providers"): CUDA where
 * its libraries were installed beside the binding, DirectML on Windows, CoreML on macOS. WebGPU is
 * experimental in 1.30, so only an explicit choice tries it.
 */
export function providerOrder(choice: ProviderChoice, platform: NodeJS.Platform = process.platform): ExecutionProvider[] {
  if (choice !== 'auto') return choice === 'cpu' ? ['cpu'] : [choice, 'cpu']
  const order: ExecutionProvider[] = []
  if ((platform === 'linux' || platform === 'win32') && cudaInstalled(platform)) order.push('cuda')
  if (platform === 'win32') order.push('dml')
  if (platform === 'darwin') order.push('coreml')
  return [...order, 'cpu']
}

/**
 * onnxruntime-node fetches the CUDA provider at install time unless told to skip it; trying it when it is
 * absent fails after a noisy dlopen, so look for its library first.
 */
function cudaInstalled(platform: NodeJS.Platform): boolean {
  const binding = join(dirname(createRequire(import.meta.url).resolve('onnxruntime-node')), '..', 'bin', 'napi-v6', platform, process.arch)
  return existsSync(join(binding, platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so'))
}
