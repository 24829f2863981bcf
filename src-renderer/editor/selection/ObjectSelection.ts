import { AppError, type Rect, type SegmentationMask } from '../../../src-shared/contract'
import type { ApiClient } from '../../transport/apiClient'
import { Store } from '../Store'

/** A click in document pixels: positive adds what lies under it, negative (Alt-click) takes it away. */
export interface ObjectPoint {
  x: number
  y: number
  positive: boolean
}

/** What segmentation.point segments: a layer of an open document, or what all visible layers show. */
export interface ObjectSource {
  documentId: string
  layerId: string
  /** Changes whenever the pixels do (the document's head): a new key means the encoder runs again. */
  imageKey: string
}

export interface ObjectSelectionState {
  points: ObjectPoint[]
  box?: Rect
  /** The box being dragged, before release. */
  boxDraft?: Rect
  /** The decoder's answer shown on the canvas: for the clicks so far, or with the hovered point too (`tentative`). */
  preview?: { mask: SegmentationMask; overlay: HTMLCanvasElement; selected: number; tentative: boolean }
  /** A request is in flight. */
  pending: boolean
  /** The request in flight is the first for this image, so the encoder runs (seconds, not milliseconds). */
  encoding: boolean
  /** The compute host's encoder runs so far, and the last decode's time, as segmentation.point answers them. */
  encoderRuns?: number
  decoderMs?: number
  /** No SAM pack is installed: the tool says what it needs. */
  missingPack: boolean
  /** The SAM pack to use; the first installed one when undefined. */
  packId?: string
  /** Segment what all visible layers show, not the active layer alone (as the wand's option). */
  sampleAll: boolean
}

interface Prompt {
  points: ObjectPoint[]
  box?: Rect
  tentative: boolean
}

/** Hover previews wait this long after the pointer stops, so a sweep across the photo sends one decode, not fifty. */
const HOVER_DEBOUNCE_MS = 90
/** The preview's tint: the selection overlay's blue, a little stronger, so it reads as "not yet selected". */
const PREVIEW_TINT = [76, 141, 255, 110] as const

/**
 * Select › Object's prompt and its live mask, apart from React and the tool: clicks and a box build the prompt, the
 * hovered point joins it tentatively, and segmentation.point answers. Only one request is in flight; while it runs,
 * newer prompts replace each other and the latest goes next, and an answer to a prompt that is no longer current is
 * dropped. The encoder runs in the compute host once per image, so every request after the first only decodes.
 */
export class ObjectSelection extends Store<ObjectSelectionState> {
  private hoverTimer: ReturnType<typeof setTimeout> | undefined
  private inFlight = false
  private next: Prompt | undefined
  /** Bumped when the prompt changes, so stale answers are dropped. */
  private generation = 0
  /** Images the compute host has encoded (their keys), to know when a request will run the encoder. */
  private readonly encoded = new Set<string>()
  /** The last answer for the clicks alone, shown again when the pointer leaves. */
  private settled: { prompt: string; preview: NonNullable<ObjectSelectionState['preview']> } | undefined
  private documentId: string | undefined

  constructor(
    private readonly api: ApiClient,
    private readonly source: (sampleAll: boolean) => ObjectSource | undefined,
    private readonly showError: (error: unknown) => void,
  ) {
    super({ points: [], pending: false, encoding: false, missingPack: false, sampleAll: false })
  }

  hasPrompt(): boolean {
    return this.get().points.length > 0 || this.get().box !== undefined
  }

  setOptions(change: Partial<Pick<ObjectSelectionState, 'packId' | 'sampleAll'>>): void {
    this.change(change)
    this.encoded.clear()
    this.settled = undefined
    if (this.hasPrompt()) this.request(this.prompt(false))
  }

  /** The pointer rests over `point` (undefined: it left): after a pause, the mask with it as a tentative point. */
  hover(point: ObjectPoint | undefined): void {
    clearTimeout(this.hoverTimer)
    if (!point) return this.showSettled()
    this.hoverTimer = setTimeout(() => this.request({ ...this.prompt(false), points: [...this.get().points, point], tentative: true }), HOVER_DEBOUNCE_MS)
  }

  addPoint(point: ObjectPoint): void {
    this.edit({ points: [...this.get().points, point] })
  }

  showBoxDraft(box: Rect | undefined): void {
    clearTimeout(this.hoverTimer)
    this.change({ boxDraft: box })
  }

  /** A dragged box replaces the one before. */
  setBox(box: Rect): void {
    this.edit({ box, boxDraft: undefined })
  }

  /** Backspace: the last point goes, or the box when no point is left. */
  stepBack(): void {
    const { points, box } = this.get()
    if (points.length > 0) this.edit({ points: points.slice(0, -1) })
    else if (box) this.edit({ box: undefined })
  }

  /** Escape, another tool, a selection made: the prompt and its mask go (the encoder's cache stays in the host). */
  clear(): void {
    clearTimeout(this.hoverTimer)
    this.generation++
    this.next = undefined
    this.settled = undefined
    this.change({ points: [], box: undefined, boxDraft: undefined, preview: undefined })
  }

  /** The mask for the clicks and box alone (asked for once more if what is shown is tentative or stale), then cleared. */
  async finish(): Promise<SegmentationMask | undefined> {
    if (!this.hasPrompt()) return undefined
    clearTimeout(this.hoverTimer)
    const prompt = this.prompt(false)
    const key = promptKey(prompt)
    let mask = this.settled?.prompt === key ? this.settled.preview.mask : undefined
    if (!mask) {
      const source = this.source(this.get().sampleAll)
      if (!source) return undefined
      mask = (await this.call(source, prompt))?.mask
    }
    this.clear()
    return mask
  }

  private edit(change: Partial<ObjectSelectionState>): void {
    this.change(change)
    if (this.hasPrompt()) this.request(this.prompt(false))
    else this.clear()
  }

  private prompt(tentative: boolean): Prompt {
    const { points, box } = this.get()
    return { points, ...(box ? { box } : {}), tentative }
  }

  private showSettled(): void {
    this.generation++
    this.next = undefined
    const settled = this.settled?.prompt === promptKey(this.prompt(false)) ? this.settled.preview : undefined
    if (settled) this.change({ preview: settled })
    else if (this.hasPrompt()) this.request(this.prompt(false))
    else this.change({ preview: undefined })
  }

  /** Sends the prompt now, or after the request in flight (replacing any prompt already waiting). */
  private request(prompt: Prompt): void {
    this.generation++
    this.next = prompt
    if (!this.inFlight) void this.drain()
  }

  private async drain(): Promise<void> {
    this.inFlight = true
    try {
      while (this.next) {
        const prompt = this.next
        this.next = undefined
        const generation = this.generation
        const source = this.source(this.get().sampleAll)
        if (!source) break
        const answer = await this.call(source, prompt)
        if (!answer || generation !== this.generation) continue
        const preview = { mask: answer.mask, ...tinted(answer.mask), tentative: prompt.tentative }
        if (!prompt.tentative) this.settled = { prompt: promptKey(prompt), preview }
        this.change({ preview })
      }
    } finally {
      this.inFlight = false
    }
  }

  private async call(source: ObjectSource, prompt: Prompt) {
    if (this.documentId !== source.documentId) {
      this.documentId = source.documentId
      this.encoded.clear()
    }
    const imageKey = `${source.layerId}\n${source.imageKey}\n${this.get().packId ?? ''}`
    this.change({ pending: true, encoding: !this.encoded.has(imageKey) })
    try {
      const { packId } = this.get()
      const answer = await this.api.call('segmentation.point', {
        documentId: source.documentId,
        layerId: source.layerId,
        points: prompt.points,
        ...(prompt.box ? { box: prompt.box } : {}),
        useLastMask: false,
        ...(packId ? { packId } : {}),
      })
      this.encoded.add(imageKey)
      this.change({ encoderRuns: answer.encoderRuns, decoderMs: answer.decoderMs, missingPack: false, encoding: false })
      return answer
    } catch (error) {
      const failure = AppError.from(error)
      if (failure.code === 'pack.notInstalled') this.change({ missingPack: true })
      // A hovered point off the image is no mistake of the user's: the preview just waits for the pointer to return.
      else if (!(prompt.tentative && failure.code === 'segmentation.pointOutside')) this.showError(failure)
      return undefined
    } finally {
      this.change({ pending: false, encoding: false })
    }
  }

  private change(change: Partial<ObjectSelectionState>): void {
    this.set({ ...this.get(), ...change })
  }
}

function promptKey(prompt: Prompt): string {
  return JSON.stringify([prompt.points, prompt.box])
}

/** The mask tinted over its rect, and how many pixels it selects. */
function tinted(mask: SegmentationMask): { overlay: HTMLCanvasElement; selected: number } {
  const { rect, alpha } = mask
  const image = new ImageData(rect.width, rect.height)
  let selected = 0
  for (let i = 0; i < alpha.length; i++) {
    if (alpha[i]! < 128) continue
    selected++
    image.data.set(PREVIEW_TINT, i * 4)
  }
  const overlay = Object.assign(document.createElement('canvas'), { width: rect.width, height: rect.height })
  overlay.getContext('2d')!.putImageData(image, 0, 0)
  return { overlay, selected }
}
