import { randomInt } from 'node:crypto'
import { acceptedLook } from '../../generation/candidatePreview'
import type { Finished, Plan } from '../../generation/generationPlan'
import { planOperation, type GenerationRequest } from '../../generation/planOperations'
import { pasteRequest, resultEdit, type PastedResult } from '../../generation/resultEdit'
import { resizeMask } from '../../imaging/resample'
import { defineJobKind, type RunContext } from '../documentJob'
import { tilesOntoHead } from '../tilesOntoHead'

/**
 * Text-instructed edits, inpainting, outpainting and generation (architecture.md, "An edit, end to end"): one job
 * for the whole batch, so its progress and cancel cover every candidate, candidate i running with seed `seed + i`.
 * A single unflagged result is pasted by the compute host and committed when the job ends; any other is staged as
 * it arrives, so a cancelled batch keeps the candidates it finished, and becomes a version only when the user
 * accepts it (acceptCandidate).
 */
export const generateImages = defineJobKind({
  kind: 'generate',
  onNewerHead: tilesOntoHead,
  plan: async (store, request: GenerationRequest, { models }) => {
    const unseeded = await planOperation(store, request, models)
    const { count, seed: first } = request.input
    const seed = (i: number) => (first === undefined ? randomInt(0x100000000) : (first + i) % 0x100000000)
    const plans: Plan[] = Array.from({ length: count }, (_, i) => ({ ...unseeded, request: { ...unseeded.request, seed: seed(i) } }))
    return { label: unseeded.request.prompt, kind: unseeded.operation, plans }
  },
  run: async ({ plans }, context): Promise<{ finished: Finished; pasted?: PastedResult }> => {
    const { jobId, compute, signal, progress, store, versionId, services } = context
    const [{ request, region, mask, outpaint, layerId }] = plans as [Plan]
    const working = { width: request.width, height: request.height }
    // The pixels the model sees are the version's the call saw, whatever the user painted since, read by the host.
    const input = { file: store.file, versionId, layerId: layerId!, region, working, ...(outpaint ? { edge: outpaint.edge } : {}) }
    const image = mask ? (await compute.run('project.modelInput', input, { signal })).rgba : undefined
    const workingMask = mask && (await resizeMask(mask.alpha, region, working))
    // An edit redraws the whole crop and is pasted inside the mask afterwards; the other masked operations blend by it as they sample.
    const blend = plans[0]!.operation !== 'edit' ? workingMask : undefined
    const count = plans.length
    let last!: Finished
    for (const [i, plan] of plans.entries()) {
      const started = performance.now()
      const result = await compute.run('pipelines.generate', { ...plan.request, image, mask: blend }, {
        signal,
        onProgress: (fraction, message) => progress({ fraction: (i + fraction) / count, message: count > 1 ? `${i + 1}/${count} · ${message}` : message }),
      })
      last = { plan, result, durationMs: performance.now() - started }
      if (count > 1 || result.flagged) {
        const about = { documentId: plan.documentId, operation: plan.operation, prompt: plan.request.prompt, seed: plan.request.seed, flagged: result.flagged, rect: plan.shownAt }
        services.emit('generation.candidate', await services.staging.stage({ ...last, jobId }, about, acceptedLook(result, image, workingMask)))
      }
    }
    if (count > 1 || last.result.flagged) return { finished: last }
    return { finished: last, pasted: await paste(last, context) }
  },
  commit: (_plan, { finished, pasted }, store) => ({ output: {}, ...(pasted ? { edit: resultEdit(finished, pasted, store) } : {}) }),
})

/** A staged candidate the user accepted, pasted onto the head as it is now: a version like its job's own. */
export const acceptCandidate = defineJobKind({
  kind: 'generate',
  onNewerHead: tilesOntoHead,
  plan: (_store, { documentId, candidateId }: { documentId: string; candidateId: string }, { staging }) => {
    const finished = staging.get(documentId, candidateId)
    return { label: finished.plan.request.prompt, kind: finished.plan.operation, finished }
  },
  run: async ({ finished }, context) => paste(finished, context),
  commit: ({ finished }, pasted, store) => ({ output: {}, edit: resultEdit(finished, pasted, store) }),
})

/** The compute host pastes the result at full resolution onto the version the job read, as tiles. */
async function paste(finished: Finished, { compute, signal, store, versionId }: RunContext) {
  return (await compute.run('project.pasteResult', pasteRequest(finished, store, versionId), { signal })).tiled
}
