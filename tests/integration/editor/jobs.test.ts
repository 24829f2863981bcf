import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { TestEditor } from '../../fixtures/editor/TestEditor'
import { H, twoHalves, W } from './photo'

let t: TestEditor
beforeEach(async () => {
  t = await new TestEditor().openImage(twoHalves(), W, H)
})
afterEach(() => t.close())

const jobEvents = () => t.events.filter((event) => event.name === 'jobs.changed').map((event) => (event.payload as { jobs: { kind: string; state: string }[] }).jobs)

describe('jobs in the editor core', () => {
  it('removes what the mask covers with content-aware fill: a job, its version, the mask hidden and a notice naming the layer', async () => {
    const photo = t.document.layers[0]!
    t.editor.setBrush({ size: 8 })
    await t.setTool('mask').drag([10, 12], [14, 12])
    t.editor.session.selectLayer(photo.id)
    const versions = t.state.history.length
    await t.press('Backspace', { shift: true })
    await t.waitFor(() => t.state.history.length === versions + 1)
    expect(t.operations.at(-1)).toBe('remove')
    await t.waitFor(() => t.state.notice !== undefined)
    expect(t.state.notice).toMatchObject({ key: 'notice.removed', values: { layer: photo.name } })
    expect(t.state.maskShown).toBe(false)
    expect(jobEvents().flat().some((job) => job.state === 'running')).toBe(true)
    expect(t.state.jobs.every((job) => job.state !== 'running' && job.state !== 'queued')).toBe(true)
    // The green square is filled from its red surroundings.
    expect(t.raster(photo.id).at(12, 12)[0]).toBeGreaterThan(150)
  })

  it('refuses to remove with no mask and no selection, and submits nothing', async () => {
    await t.press('Backspace', { shift: true })
    expect(t.state.error?.code).toBe('generation.emptyMask')
    expect(jobEvents()).toEqual([])
  })

  it('refuses an AI edit with an empty prompt before asking main', async () => {
    await t.setTool('rectangle').drag([0, 0], [20, 20])
    await t.editor.jobs.generate('edit', { prompt: '  ', packId: 'none' } as never)
    expect(t.state.error?.code).toBe('generation.emptyPrompt')
  })

  it('refuses a removal on an empty layer, naming it', async () => {
    await t.setTool('rectangle').drag([0, 0], [20, 20])
    await t.press('N', { mod: true, shift: true })
    await t.press('Backspace', { shift: true })
    expect(t.state.error).toMatchObject({ code: 'layer.empty', details: { layer: t.document.layers[1]!.name } })
  })

  it('cancels a queued job: it ends cancelled and commits nothing', async () => {
    await t.setTool('rectangle').drag([0, 0], [30, 30])
    const versions = t.state.history.length
    await t.editor.jobs.remove('content-aware')
    await t.editor.jobs.remove('content-aware')
    const [, second] = t.state.jobs.length >= 2 ? t.state.jobs : await t.waitFor(() => t.state.jobs.length >= 2).then(() => t.state.jobs)
    t.editor.jobs.cancel(second!.id)
    await t.waitFor(() => t.state.jobs.every((job) => job.state !== 'running' && job.state !== 'queued'))
    expect(t.state.jobs.find((job) => job.id === second!.id)!.state).toBe('cancelled')
    await t.waitFor(() => t.state.history.length === versions + 1)
    expect(t.state.history.length).toBe(versions + 1)
  })
})
