import type { z } from 'zod'
import { AppError, type methods, type Rect } from '../../../src-shared/contract'
import { findLayer, requireUnlocked } from '../../api/layerRules'
import type { ProjectStore } from '../../documents/project'
import { maskRegion } from '../../generation/maskRegion'
import type { ModelManager } from '../../models/ModelManager'
import { defineJobKind, taskSteps } from '../documentJob'
import { fromTransfer } from '../tiledTransfer'
import { tilesOntoHead } from '../tilesOntoHead'

export type RemoveInput = z.output<(typeof methods)['removal.remove']['input']>

/** Patches need texture around the hole to copy from: as much again as the hole's larger side, at least 96 px. */
const samplingMargin = (bounds: Rect) => Math.max(96, Math.max(bounds.width, bounds.height))

/**
 * Object removal: the hole and its surroundings are found while the call waits, the compute host reads them from
 * the version the call saw, fills them with the chosen engine and cuts them back into tiles, and only the hole's
 * pixels change in the version committed (the engines keep known pixels as they were), carried onto a newer head.
 */
export const removeObject = defineJobKind({
  kind: 'remove',
  onNewerHead: tilesOntoHead,
  plan: async (store: ProjectStore, input: RemoveInput, { models }) => {
    const layer = requireUnlocked(findLayer(store, input.layerId))
    const region = maskRegion(input.mask, layer, samplingMargin)
    const pack = input.engine === 'content-aware' ? undefined : await inpainter(models, input.engine)
    return { label: pack ? pack.name : 'content-aware fill', input, region, pack, started: 0 }
  },
  run: (plan, context) => {
    const { input, region, pack } = plan
    plan.started = performance.now()
    const engine = pack ? { kind: 'pack' as const, packDir: pack.dir, family: pack.family } : { kind: 'content-aware' as const, seed: input.seed }
    const request = { file: context.store.file, versionId: context.versionId, layerId: input.layerId, crop: region.crop, mask: region.alpha, grow: input.grow, engine }
    return context.compute.run('project.fillToTiles', request, taskSteps(context))
  },
  commit: ({ input, region, pack, started }, result) => {
    const engine = pack ? `${pack.family} ${pack.id}` : 'content-aware'
    const fallback = result.fallback ? { fallback: result.fallback } : {}
    return {
      output: { engine, ...fallback },
      edit: {
        operation: 'remove',
        engine,
        ...(pack ? { modelPack: pack.id } : { seed: input.seed }),
        params: { engine: input.engine, grow: input.grow, maskBounds: region.bounds, crop: region.crop, ...fallback },
        durationMs: Math.round(performance.now() - started),
        layers: [{ layerId: input.layerId, pixels: fromTransfer(result.tiled) }],
      },
    }
  },
  // The editor says which engine filled the hole, and when a learned one fell back to sampling.
  details: (output) => output,
})

async function inpainter(models: ModelManager, packId: string) {
  const pack = (await models.list()).find((p) => p.id === packId)
  if (!pack || (pack.family !== 'lama' && pack.family !== 'migan')) {
    throw new AppError('pack.notInstalled', `${packId} is not an installed LaMa or MI-GAN pack.`, { family: 'lama', packId })
  }
  return { id: pack.id, name: pack.name, family: pack.family, dir: models.packDir(pack.id) }
}
