import { describe, expect, it } from 'vitest'
import { batchCommandArgs } from '../../../src-main/batch/batchCommand'

describe('the packaged app’s batch argument', () => {
  it('takes what follows `batch` as the command’s arguments, and nothing for a normal start', () => {
    expect(batchCommandArgs(['/opt/Z-Image Editor/z-image-editor', 'batch', '--recipe', 'r.json', '--in', 'photos'])).toEqual(['--recipe', 'r.json', '--in', 'photos'])
    expect(batchCommandArgs(['electron', '.', 'batch', '--out', 'out'])).toEqual(['--out', 'out'])
    expect(batchCommandArgs(['/opt/Z-Image Editor/z-image-editor'])).toBeUndefined()
    // The binary's own name is never the argument.
    expect(batchCommandArgs(['batch'])).toBeUndefined()
  })
})
