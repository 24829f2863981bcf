/**
 * Saved parameter presets through dispatch, on the real file system: saved, listed in name order, replaced by
 * name, deleted, kept across a restart of main; a damaged file is refused with its path and never written over.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dispatch, type Handlers } from '../../../src-main/api'
import { generationHandlers } from '../../../src-main/api/generation'
import type { GenerationJobs } from '../../../src-main/generation/GenerationJobs'
import { GenerationPresets } from '../../../src-main/generation/GenerationPresets'
import { scratchFolder } from '../../fixtures/oracle'

let scratch: Awaited<ReturnType<typeof scratchFolder>>
beforeEach(async () => void (scratch = await scratchFolder('generation-presets')))
afterEach(() => scratch.remove())

/** main's handlers over a presets store in the scratch folder, as a fresh start of the app makes them. */
function call(method: string, input: unknown): Promise<any> {
  const handlers = generationHandlers({} as GenerationJobs, new GenerationPresets(scratch.path)) as Handlers
  return dispatch(handlers, method, input).then((reply) => {
    if (!reply.ok) throw reply.error
    return reply.value
  })
}

const draft = { name: 'Draft', family: 'z-image', packId: 'z-image-turbo', variant: 'turbo', steps: 8, guidance: 0, negativePrompt: '', strength: 0.55, size: { width: 1024, height: 768 } }
const refine = { name: 'Base refine', family: 'sd', variant: 'base', steps: 30, guidance: 6.5, negativePrompt: 'blurry', scheduler: 'ddim', strength: 0.8 }

describe('generation presets', () => {
  it('saves, lists in name order, replaces by name and deletes, and keeps them for the next start', async () => {
    expect(await call('generation.presets.list', {})).toEqual({ presets: [] })
    await call('generation.presets.save', { preset: draft })
    expect((await call('generation.presets.save', { preset: refine })).presets.map((p: { name: string }) => p.name)).toEqual(['Base refine', 'Draft'])
    await call('generation.presets.save', { preset: { ...draft, steps: 4 } })
    const { presets } = await call('generation.presets.list', {})
    expect(presets).toEqual([refine, { ...draft, steps: 4 }])

    expect(await call('generation.presets.delete', { name: 'Base refine' })).toEqual({ presets: [{ ...draft, steps: 4 }] })
    await expect(call('generation.presets.delete', { name: 'Base refine' })).rejects.toMatchObject({ code: 'presets.notFound' })
  })

  it('refuses a preset the contract does not allow, and the file stays as it was', async () => {
    await call('generation.presets.save', { preset: draft })
    const file = await readFile(join(scratch.path, 'generation-presets.json'), 'utf8')
    for (const bad of [{ ...draft, name: '  ' }, { ...draft, steps: 0 }, { ...draft, family: 'lama' }, { ...draft, scheduler: 'heun' }]) {
      await expect(call('generation.presets.save', { preset: bad })).rejects.toMatchObject({ code: 'api.badInput' })
    }
    expect(await readFile(join(scratch.path, 'generation-presets.json'), 'utf8')).toBe(file)
  })

  it.each([
    ['not JSON', '{"presets": [ {"name": "Draft",'],
    ['the wrong shape', JSON.stringify({ presets: [{ name: 'Draft', steps: 'many' }] })],
  ])('names a damaged file (%s) and never writes over it', async (_case, damaged) => {
    const path = join(scratch.path, 'generation-presets.json')
    await writeFile(path, damaged)
    await expect(call('generation.presets.list', {})).rejects.toMatchObject({ code: 'presets.damaged', details: { path } })
    await expect(call('generation.presets.save', { preset: draft })).rejects.toMatchObject({ code: 'presets.damaged' })
    await expect(call('generation.presets.delete', { name: 'Draft' })).rejects.toMatchObject({ code: 'presets.damaged' })
    expect(await readFile(path, 'utf8')).toBe(damaged)
  })
})
