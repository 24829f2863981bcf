import {
  AppError,
  type AppErrorData,
  type BatchInfo,
  type BatchItem,
  type EventPayload,
  type Recipe,
  type RecipeOutput,
} from '../../../src-shared/contract'
import type { ApiClient } from '../../transport/apiClient'
import { Store } from '../Store'
import { pathsFromText } from './batchPaths'

export const defaultOutput: RecipeOutput = {
  width: 1500,
  height: 1500,
  format: 'jpeg',
  quality: 90,
  fit: 'pad',
  background: '#ffffff',
  naming: '{name}_{width}x{height}.{ext}',
  colour: 'srgb',
}

export interface BatchDeskState {
  /** The recipe's steps, recorded from the history or loaded from a file; its outputs are `outputs` below. */
  recipe?: Recipe
  /** The recipe's name, as typed: it names a recording and the saved file. */
  name: string
  /** The run of the history to record: the versions after `from` (the original when undefined) up to `to` (the head). */
  from?: number
  to?: number
  outputs: RecipeOutput[]
  /** Photo files and folders, one a line, as typed or dropped. */
  inputs: string
  outDir: string
  /** Side-by-side compute hosts; main's default (one per core, less one) when undefined. */
  workers?: number
  /** Every batch main knows, newest first, those from before a restart included. */
  batches: BatchInfo[]
  /** The batch whose photos are listed. */
  selected?: string
  items: BatchItem[]
  error?: AppErrorData
  /** Files were dropped whose place on disk the browser keeps to itself: the panel asks for their folder. */
  dropHint?: boolean
}

/**
 * The batch panel's model apart from React: the recipe being made (recorded from a run of the document's history
 * or loaded from a file, with the outputs edited here), the photos and output folder, and every batch main runs,
 * kept current from its batch.changed and batch.item events whether the panel is open or not.
 */
export class BatchDesk extends Store<BatchDeskState> {
  private readonly thumbnails = new Map<string, Promise<string | undefined>>()

  constructor(private readonly api: ApiClient) {
    super({ name: '', outputs: [{ ...defaultOutput }], inputs: '', outDir: '', batches: [], items: [] })
    api.onEvent((name, payload) => this.receive(name, payload))
  }

  private change(change: Partial<BatchDeskState>): void {
    this.set({ ...this.get(), ...change })
  }

  private readonly failed = (error: unknown) => this.change({ error: AppError.from(error).toData() })

  dismissError(): void {
    this.change({ error: undefined })
  }

  /** Reads the batches (and the selected one's photos) from main: on opening the panel, and after a restart. */
  async load(): Promise<void> {
    try {
      const { batches } = await this.api.call('batch.list', {})
      const selected = this.get().selected ?? batches[0]?.id
      this.change({ batches, selected })
      if (selected) await this.select(selected)
    } catch (error) {
      this.failed(error)
    }
  }

  async select(batchId: string): Promise<void> {
    this.change({ selected: batchId })
    try {
      const { items } = await this.api.call('batch.items', { batchId })
      if (this.get().selected === batchId) this.change({ items })
    } catch (error) {
      this.failed(error)
    }
  }

  edit(change: Partial<Pick<BatchDeskState, 'name' | 'from' | 'to' | 'inputs' | 'outDir' | 'workers'>>): void {
    this.change(change)
  }

  /** Records the recipe to the history's version `to` (the head when undefined), starting after `from`. */
  chooseRange(from: number | undefined, to: number | undefined): void {
    this.change({ from, to })
  }

  setOutput(index: number, change: Partial<RecipeOutput>): void {
    this.change({ outputs: this.get().outputs.map((output, i) => (i === index ? { ...output, ...change } : output)) })
  }

  addOutput(): void {
    const outputs = this.get().outputs
    this.change({ outputs: [...outputs, { ...(outputs.at(-1) ?? defaultOutput) }] })
  }

  removeOutput(index: number): void {
    const outputs = this.get().outputs
    if (outputs.length > 1) this.change({ outputs: outputs.filter((_, i) => i !== index) })
  }

  /** The recipe of the chosen run of the document's history; a step with no recipe form is refused by name. */
  async record(documentId: string, fallbackName: string): Promise<void> {
    const { from, to, outputs } = this.get()
    const name = this.get().name.trim() || fallbackName
    try {
      const { recipe } = await this.api.call('batch.recipeFromHistory', { documentId, name, outputs, ...(from !== undefined ? { fromVersionId: from } : {}), ...(to !== undefined ? { toVersionId: to } : {}) })
      this.change({ recipe, name, error: undefined })
    } catch (error) {
      this.failed(error)
    }
  }

  /** A recipe file's text, checked by main: its steps and outputs replace the ones here. */
  async loadRecipe(json: string): Promise<void> {
    try {
      const { recipe } = await this.api.call('batch.checkRecipe', { json })
      this.change({ recipe, name: recipe.name, outputs: recipe.outputs, error: undefined })
    } catch (error) {
      this.failed(error)
    }
  }

  /** A batch's own recipe, to run again on other photos or to save. */
  useRecipe(recipe: Recipe): void {
    this.change({ recipe, name: recipe.name, outputs: recipe.outputs, error: undefined })
  }

  /** The recipe as it would run now (its outputs as edited here), or undefined before one is recorded or loaded. */
  current(): Recipe | undefined {
    const { recipe, name, outputs } = this.get()
    return recipe && { ...recipe, name: name.trim() || recipe.name, outputs }
  }

  /** The recipe file to save: pretty JSON, named after the recipe. */
  recipeFile(): { fileName: string; mimeType: string; bytes: Uint8Array } | undefined {
    const recipe = this.current()
    if (!recipe) return undefined
    const fileName = `${recipe.name.replace(/[\\/:*?"<>|\0]+/g, '_')}.recipe.json`
    return { fileName, mimeType: 'application/json', bytes: new TextEncoder().encode(`${JSON.stringify(recipe, null, 2)}\n`) }
  }

  /** Paths dropped on the panel (file:// URIs or plain paths) are added to the photos. */
  addInputs(paths: string[]): void {
    const known = pathsFromText(this.get().inputs)
    const added = paths.filter((path) => !known.includes(path))
    this.change({ inputs: [...known, ...added].join('\n'), dropHint: false })
  }

  dropWithoutPaths(): void {
    this.change({ dropHint: true })
  }

  /** A batch needs a recipe, some photos and an output folder. */
  canStart(): boolean {
    const { recipe, inputs, outDir } = this.get()
    return recipe !== undefined && pathsFromText(inputs).length > 0 && outDir.trim() !== ''
  }

  async start(): Promise<void> {
    const recipe = this.current()
    const { inputs, outDir, workers } = this.get()
    const paths = pathsFromText(inputs)
    if (!this.canStart() || !recipe) return
    try {
      const info = await this.api.call('batch.start', { recipe, inputs: paths, outDir: outDir.trim(), ...(workers ? { workers } : {}) })
      this.change({ error: undefined })
      this.known(info)
      await this.select(info.id)
    } catch (error) {
      this.failed(error)
    }
  }

  pause = (batchId: string) => this.control(this.api.call('batch.pause', { batchId }))
  cancel = (batchId: string) => this.control(this.api.call('batch.cancel', { batchId }))
  resume = (batchId: string, retryFailed = false) => this.control(this.api.call('batch.resume', { batchId, retryFailed }))

  private async control(call: Promise<BatchInfo>): Promise<void> {
    try {
      this.known(await call)
    } catch (error) {
      this.failed(error)
    }
  }

  /** An object URL of the photo's result (128 px), fetched once; undefined until it is done. */
  thumbnail(batchId: string, item: BatchItem): Promise<string | undefined> {
    if (!item.hasThumbnail) return Promise.resolve(undefined)
    const key = `${batchId}/${item.index}`
    if (!this.thumbnails.has(key)) {
      this.thumbnails.set(
        key,
        this.api
          .call('batch.thumbnail', { batchId, index: item.index })
          .then(({ bytes }) => (bytes ? URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/webp' })) : undefined))
          .catch(() => void this.thumbnails.delete(key)),
      )
    }
    return this.thumbnails.get(key)!
  }

  /** The batches running or pausing now, for the status bar. */
  active(): BatchInfo[] {
    return this.get().batches.filter((batch) => batch.state === 'running' || batch.state === 'pausing')
  }

  private known(info: BatchInfo): void {
    const batches = this.get().batches
    const at = batches.findIndex((batch) => batch.id === info.id)
    const next = at < 0 ? [info, ...batches] : batches.map((batch) => (batch.id === info.id ? info : batch))
    this.change({ batches: next.sort((a, b) => b.createdAt - a.createdAt) })
  }

  private receive(name: string, payload: unknown): void {
    if (name === 'batch.changed') this.known(payload as EventPayload<'batch.changed'>)
    if (name === 'batch.item') {
      const { batchId, item } = payload as EventPayload<'batch.item'>
      if (batchId !== this.get().selected) return
      const items = this.get().items
      const at = items.findIndex((known) => known.index === item.index)
      this.change({ items: at < 0 ? [...items, item].sort((a, b) => a.index - b.index) : items.map((known, i) => (i === at ? item : known)) })
    }
  }
}
