import type { CanvasExtension, GenerationPreset, GenerativeFamily, MethodInput, PackInfo, SdScheduler } from '../../../src-shared/contract'
import type { ApiClient } from '../../transport/apiClient'
import { Store } from '../Store'

/** How to sample, as the prompt panel sets it. */
export type Sampling = Omit<MethodInput<'generation.generate'>, 'documentId' | 'rect'>

export type SeedMode = 'random' | 'fixed' | 'increment'

/** The parameters panel's fields; empty numbers mean "the pack's default". */
export interface ParametersState {
  packs: PackInfo[]
  packId: string
  negativePrompt: string
  steps?: number
  guidance?: number
  scheduler?: SdScheduler
  strength: number
  /** The model's working size; the pack's choice unless both are set. */
  width?: number
  height?: number
  seedMode: SeedMode
  seed: number
  count: number
  presets: GenerationPreset[]
  /** Outpaint: pixels to add on each side, and how far into the old image the fill fades. */
  extend: CanvasExtension
  seam: number
}

const generative = (pack: PackInfo) => pack.family === 'z-image' || pack.family === 'sd' || pack.family === 'sdxl'

/**
 * The parameters panel's model apart from React: the pack and sampling settings, the seed mode, and the saved
 * presets that fill them in one click. It turns them into a request's sampling, advancing an incrementing seed
 * past the batch it just asked for.
 */
export class GenerationParameters extends Store<ParametersState> {
  constructor(
    private readonly api: ApiClient,
    private readonly showError: (error: unknown) => void,
  ) {
    super({ packs: [], packId: '', negativePrompt: '', strength: 0.7, seedMode: 'random', seed: 1, count: 1, presets: [], extend: { left: 0, top: 0, right: 0, bottom: 0 }, seam: 32 })
  }

  change(change: Partial<ParametersState>): void {
    this.set({ ...this.get(), ...change })
  }

  /** The installed generative packs and the saved presets, read again (after installs, on opening the panel). */
  async load(): Promise<void> {
    const [{ packs }, presets] = await Promise.all([this.api.call('models.list', {}), this.api.call('generation.presets.list', {}).catch(this.failed)])
    this.change({ packs: packs.filter(generative), ...(presets ?? {}) })
  }

  /** The pack chosen, else the first installed one. */
  pack(): PackInfo | undefined {
    const { packs, packId } = this.get()
    return packs.find((p) => p.id === packId) ?? packs[0]
  }

  /** A request's sampling for a prompt; strength is the edit's alone. An incrementing seed moves on by the batch's size. */
  sampling(kind: 'edit' | 'inpaint' | 'outpaint' | 'generate', prompt: string, pack: PackInfo): Sampling & { strength?: number } {
    const { negativePrompt, steps, guidance, scheduler, strength, width, height, seedMode, seed, count } = this.get()
    if (seedMode === 'increment') this.change({ seed: (seed + count) % 0x100000000 })
    return {
      prompt,
      negativePrompt,
      family: pack.family as GenerativeFamily,
      packId: pack.id,
      count,
      ...(kind === 'edit' ? { strength } : {}),
      ...(steps !== undefined ? { steps } : {}),
      ...(guidance !== undefined ? { guidance } : {}),
      ...(scheduler && pack.family !== 'z-image' ? { scheduler } : {}),
      ...(width && height ? { size: { width, height } } : {}),
      ...(seedMode === 'random' ? {} : { seed }),
    }
  }

  /** Fills the panel from a preset: its pack if installed, else the first of its family and variant. */
  apply(name: string): void {
    const preset = this.get().presets.find((p) => p.name === name)
    if (!preset) return
    const { packs } = this.get()
    const pack = packs.find((p) => p.id === preset.packId) ?? packs.find((p) => p.family === preset.family && (!preset.variant || p.variant === preset.variant))
    const { steps, guidance, negativePrompt, scheduler, strength, size } = preset
    this.change({ packId: pack?.id ?? this.get().packId, steps, guidance, negativePrompt, scheduler, strength: strength ?? this.get().strength, width: size?.width, height: size?.height })
  }

  /** Saves the panel's settings under `name`, replacing a preset of that name. */
  async save(name: string): Promise<void> {
    const pack = this.pack()
    if (!pack) return
    const { negativePrompt, steps, guidance, scheduler, strength, width, height } = this.get()
    const size = width && height ? { width, height } : undefined
    const preset = { name, family: pack.family as GenerativeFamily, packId: pack.id, variant: pack.variant, negativePrompt, steps, guidance, scheduler, strength, size }
    const saved = await this.api.call('generation.presets.save', { preset }).catch(this.failed)
    if (saved) this.change(saved)
  }

  async remove(name: string): Promise<void> {
    const left = await this.api.call('generation.presets.delete', { name }).catch(this.failed)
    if (left) this.change(left)
  }

  private readonly failed = (error: unknown): undefined => {
    this.showError(error)
    return undefined
  }
}
