import { z } from 'zod'
import { AppError, type methods, type Rect } from '../../src-shared/contract'
import type { OpenProjects } from '../documents/OpenProjects'
import { maskRegion } from '../generation/maskRegion'
import type { Emit, JobQueue } from '../jobs/JobQueue'
import type { ModelManager } from '../models/ModelManager'

export type RemoveInput = z.output<(typeof methods)['removal.remove']['input']>

/** Patches need texture around the hole to copy from: as much again as the hole's larger side, at least 96 px. */
const samplingMargin = (bounds: Rect) => Math.max(96, Math.max(bounds.width, bounds.height))

/**
 * Object removal as a job: the hole's surroundings are read at submit, filled in the compute host by the chosen
 * engine, and only the hole's pixels change in the version committed (the engines keep known pixels as they were).
 */
export class RemovalJobs {
  constructor(
    private readonly projects: OpenProjects,
    private readonly jobs: JobQueue,
    private readonly models: ModelManager,
    private readonly emit: Emit,
  ) {}

  async remove(input: RemoveInput): Promise<{ jobId: string }> {
    const store = this.projects.store(input.documentId)
    const layer = store.layers().find((l) => l.id === input.layerId)
    if (!layer) throw new AppError('project.layerNotFound', `No layer ${input.layerId} in this document.`, { layerId: input.layerId })
    if (layer.locked) throw new AppError('layer.locked', `The layer “${layer.name}” is locked.`, { layer: layer.name })
    const region = maskRegion(input.mask, layer, samplingMargin)
    const crop = region.crop
    const pack = input.engine === 'content-aware' ? undefined : await this.inpainter(input.engine)
    const rgba = store.readRegion(store.head, input.layerId, crop).rgba
    let started = 0
    const { id } = this.jobs.submit<{ rgba: Uint8Array; fallback?: string }>({
      kind: 'remove',
      label: pack ? pack.name : 'content-aware fill',
      run: ({ compute, signal, progress }) => {
        started = performance.now()
        const onProgress = (fraction: number, message?: string) => progress({ fraction, message })
        const image = { width: crop.width, height: crop.height, rgba }
        return pack
          ? compute.run('engines.inpaintPack', { ...image, packDir: pack.dir, family: pack.family, mask: grown(region.alpha, crop, input.grow) }, { signal, onProgress })
          : compute.run('engines.contentAwareFill', { ...image, mask: region.alpha, grow: input.grow, seed: input.seed }, { signal, onProgress })
      },
      commit: (result) => {
        const engine = pack ? `${pack.family} ${pack.id}` : 'content-aware'
        const { versionId } = store.commitEdit({
          operation: 'remove',
          engine,
          ...(pack ? { modelPack: pack.id } : { seed: input.seed }),
          params: { engine: input.engine, grow: input.grow, maskBounds: region.bounds, crop, ...(result.fallback ? { fallback: result.fallback } : {}) },
          durationMs: Math.round(performance.now() - started),
          layers: [{ layerId: input.layerId, pixels: { rect: crop, rgba: Buffer.from(result.rgba.buffer, result.rgba.byteOffset, result.rgba.byteLength) } }],
        })
        this.emit('removal.committed', { jobId: id, documentId: input.documentId, versionId, engine, ...(result.fallback ? { fallback: result.fallback } : {}) })
      },
    })
    return { jobId: id }
  }

  private async inpainter(packId: string) {
    const pack = (await this.models.list()).find((p) => p.id === packId)
    if (!pack || (pack.family !== 'lama' && pack.family !== 'migan')) {
      throw new AppError('pack.notInstalled', `${packId} is not an installed LaMa or MI-GAN pack.`, { family: 'lama', packId })
    }
    return { id: pack.id, name: pack.name, family: pack.family, dir: this.models.packDir(pack.id) }
  }
}

/** The hole grown by `by` pixels (a square reach), as content-aware fill grows it, for the learned engines. */
function grown(alpha: Uint8Array, rect: Rect, by: number): Uint8Array {
  if (by === 0) return alpha
  const out = new Uint8Array(alpha.length)
  for (let y = 0; y < rect.height; y++) {
    for (let x = 0; x < rect.width; x++) {
      if (alpha[y * rect.width + x]! < 128) continue
      for (let dy = Math.max(0, y - by); dy <= Math.min(rect.height - 1, y + by); dy++) out.fill(255, dy * rect.width + Math.max(0, x - by), dy * rect.width + Math.min(rect.width, x + by + 1))
    }
  }
  return out
}
