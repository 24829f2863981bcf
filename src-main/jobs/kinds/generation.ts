import { randomInt } from 'node:crypto'
import { acceptedLook } from '../../generation/candidatePreview'
import type { Finished, Plan } from '../../generation/generationPlan'
import { planOperation, type GenerationRequest } from '../../generation/planOperations'
import { resizeMask, resizeRgba } from '../../generation/resample'
import { resultEdit } from '../../generation/resultEdit'
import { defineJobKind } from '../documentJob'

/**
 * Text-instructed edits, inpainting, outpainting and generation (architecture.md, "An edit, end to end"): one job
 * for the whole batch, so its progress and cancel cover every candidate, candidate i running with seed `seed + i`.
 * A single unflagged result commits when the job ends, pasted onto the head as it is then (it patches only its own
 * region); any other is staged as it arrives, so a cancelled batch keeps the candidates it finished, and becomes a
 * version only when the user accepts it (DocumentJobs.commitStaged).
 */
export const generateImages = defineJobKind({
  kind: 'generate',
  onNewerHead: 'commit',
  plan: async (store, request: GenerationRequest, { models }) => {
    const unseeded = await planOperation(store, request, models)
    const { count, seed: first } = request.input
    const seed = (i: number) => (first === undefined ? randomInt(0x100000000) : (first + i) % 0x100000000)
    const plans: Plan[] = Array.from({ length: count }, (_, i) => ({ ...unseeded, request: { ...unseeded.request, seed: seed(i) } }))
    return { label: unseeded.request.prompt, kind: unseeded.operation, plans }
  },
  run: async ({ plans }, { jobId, compute, signal, progress, store, versionId, services }): Promise<Finished[]> => {
    const [{ request, region, mask, outpaint, layerId }] = plans as [Plan]
    const working = { width: request.width, height: request.height }
    // The pixels the model sees are the version's the call saw, whatever the user painted since.
    const seen = outpaint?.context ?? (mask && store.readRegion(versionId, layerId!, region).rgba)
    const image = seen ? await resizeRgba(seen, region, working) : undefined
    const workingMask = mask && (await resizeMask(mask.alpha, region, working))
    // An edit redraws the whole crop and is pasted inside the mask afterwards; the other masked operations blend by it as they sample.
    const blend = plans[0]!.operation !== 'edit' ? workingMask : undefined
    const count = plans.length
    const results: Finished[] = []
    for (const [i, plan] of plans.entries()) {
      const started = performance.now()
      const result = await compute.run('pipelines.generate', { ...plan.request, image, mask: blend }, {
        signal,
        onProgress: (fraction, message) => progress({ fraction: (i + fraction) / count, message: count > 1 ? `${i + 1}/${count} · ${message}` : message }),
      })
      const finished = { plan, result, durationMs: performance.now() - started }
      if (count > 1 || result.flagged) {
        const about = { documentId: plan.documentId, operation: plan.operation, prompt: plan.request.prompt, seed: plan.request.seed, flagged: result.flagged, rect: plan.shownAt }
        services.emit('generation.candidate', await services.staging.stage({ ...finished, jobId }, about, acceptedLook(result, image, workingMask)))
      }
      results.push(finished)
    }
    return results
  },
  commit: async ({ plans }, results, store) => {
    const only = results[0]!
    if (plans.length > 1 || only.result.flagged) return { output: {} }
    return { edit: await resultEdit(only, store), output: {} }
  },
})
