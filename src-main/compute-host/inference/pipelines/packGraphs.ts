import { join, resolve } from 'node:path'
import { AppError, type ComponentRole, type PackManifest } from '../../../../src-shared/contract'
import { readManifest } from '../../../models/manifest'
import type { TensorSlot } from '../checkGraph'
import { ort, type Tensor } from '../ort'
import type { PackSessions } from '../packs'
import { fromFloat16, toFloat16 } from './float16'

/** Values for one graph input, by the canonical name of its signature rule; the slot's real dtype is applied here. */
export interface Feed {
  dims: number[]
  data: ArrayLike<number>
}

/** A float (or bool, as 0/1) output. */
export interface Output {
  dims: number[]
  data: Float32Array
}

/**
 * One pipeline run's view of a pack: its manifest and its graphs, fed and read through the names, dtypes and
 * ranks each session reports (model-packs.md: exports differ in timestep dtype and precision). It adds up
 * `session.run` time, so callers can tell model time from their own.
 */
export class PackGraphs {
  modelMs = 0
  provider = ''

  private constructor(
    private readonly packs: PackSessions,
    readonly packDir: string,
    readonly manifest: PackManifest,
  ) {}

  static async open(packs: PackSessions, packDir: string): Promise<PackGraphs> {
    const dir = resolve(packDir)
    return new PackGraphs(packs, dir, await readManifest(dir))
  }

  has(role: ComponentRole): boolean {
    return this.manifest.components[role] !== undefined
  }

  file(role: ComponentRole): string {
    const path = this.manifest.components[role]
    if (!path) throw new AppError('pack.badGraph', `The ${this.manifest.id} pack has no ${role}.`, { component: role })
    return join(this.packDir, path)
  }

  /** An input's slot: pipelines read channel counts and timestep dtypes from it. */
  async input(role: ComponentRole, canonical: string): Promise<TensorSlot> {
    const slot = await this.optionalInput(role, canonical)
    if (!slot) throw new AppError('pack.badGraph', `The ${role} graph has no input ${canonical}.`, { component: role, tensor: canonical })
    return slot
  }

  /** The slot of an input only some exports take (an LCM UNet's timestep_cond); undefined when this one does not. */
  async optionalInput(role: ComponentRole, canonical: string): Promise<TensorSlot | undefined> {
    const { binding } = await this.packs.component(this.packDir, role)
    return binding.inputs[canonical]
  }

  async run(role: ComponentRole, feeds: Record<string, Feed>): Promise<Record<string, Output>> {
    const { loaded, binding } = await this.packs.component(this.packDir, role)
    const tensors: Record<string, Tensor> = {}
    for (const [canonical, feed] of Object.entries(feeds)) {
      const slot = binding.inputs[canonical]
      if (slot) tensors[slot.name] = tensor(slot, feed)
    }
    const start = performance.now()
    let results: Record<string, Tensor>
    try {
      results = await loaded.session.run(tensors)
    } catch (error) {
      throw new AppError('compute.failed', `The ${this.manifest.id} pack's ${role} failed: ${(error as Error).message}`, {
        pack: this.manifest.id,
        component: role,
      })
    }
    this.modelMs += performance.now() - start
    this.provider = loaded.provider
    const outputs: Record<string, Output> = {}
    for (const [canonical, slot] of Object.entries(binding.outputs)) {
      const result = results[slot.name]
      if (result) outputs[canonical] = { dims: [...result.dims], data: floatData(result) }
    }
    return outputs
  }
}

/** A rank-0 slot takes a scalar whatever dims the caller gave (timesteps: scalar or [B] by export). */
function tensor(slot: TensorSlot, feed: Feed): Tensor {
  const dims = slot.shape.length === 0 ? [] : feed.dims
  switch (slot.type) {
    case 'float16':
      return new ort.Tensor('float16', toFloat16(feed.data), dims)
    case 'int64':
      return new ort.Tensor('int64', BigInt64Array.from(Array.from(feed.data, (v) => BigInt(Math.round(v)))), dims)
    case 'int32':
      return new ort.Tensor('int32', Int32Array.from(feed.data, Math.round), dims)
    default:
      // A Float32Array is handed over as is: copying a latent at every step costs more than the step's own arithmetic.
      return new ort.Tensor('float32', feed.data instanceof Float32Array ? feed.data : Float32Array.from(feed.data), dims)
  }
}

function floatData(tensor: Tensor): Float32Array {
  if (tensor.type === 'float16') return fromFloat16(tensor.data as Uint16Array)
  if (tensor.type === 'float32') return tensor.data as Float32Array
  return Float32Array.from(tensor.data as ArrayLike<number | bigint | boolean>, Number)
}
