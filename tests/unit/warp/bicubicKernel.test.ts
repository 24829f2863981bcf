import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { kernelModule, kernels } from '../../../scripts/buildKernels'

describe('the committed WebAssembly kernels', () => {
  it.each(kernels)('are what $source compiles to', async ({ source, module }) => {
    expect(await kernelModule(source)).toBe(readFileSync(new URL(`../../../${module}`, import.meta.url), 'utf8'))
  })
})
