import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type Database from 'better-sqlite3'
import { AppError } from '../../../src-shared/contract/errors'
import { applyLayerEdits, layerNotFound, moveIntoCanvas } from './applyLayerEdits'
import { compareStacks } from './compareStacks'
import { LayerStacks, type StackLayer } from './LayerStacks'
import { fileError, isProjectFile } from '../fileChecks'
import { createProjectFile, openProjectFile, removeProjectFile } from './projectFile'
import { checkSaveTarget, copyForViewing, placeFile, temporaryBeside } from './projectCopies'
import { projectError } from './projectErrors'
import { blit, gridShape, hashAt, intersect, TILE_SIZE, tileBounds, tileCount, tilesOverlapping } from './tileGrid'
import { blankLayer, patchLayer, replaceLayer } from './layerPixels'
import { TileStore } from './TileStore'
import { VersionLog } from './VersionLog'
import { WalCheckpoints } from './walCheckpoints'
import { MAX_IMAGE_PIXELS } from '../../../src-shared/limits'
import type {
  CanvasSize,
  CommitResult,
  DocumentInfo,
  Edit,
  HistoryEntry,
  LayerInfo,
  PixelPatch,
  Pixels,
  Rect,
  TileGrid,
  TiledPixels,
  EncodedTile,
  VersionComparison,
  VersionId,
  VersionRecord,
} from './types'

export interface OpenOptions {
  /** Open without ever writing: every edit and head move fails with 'project.readOnly'. */
  readOnly?: boolean
  /**
   * Read a private copy (read-only) instead of the file: for a project whose folder cannot be written (read-only
   * media), where SQLite cannot create the -shm file even a reader of a WAL database needs.
   */
  viewCopy?: boolean
  /** Budget for decoded tiles kept in memory; 256 MiB holds about 1000 full tiles. */
  tileCacheBytes?: number
}

/** A layer's own pixels, or its layer mask's. */
export type LayerPart = 'pixels' | 'mask'

export interface NewProject extends Pixels {
  name: string
  layerName?: string
  /** The first version's picture in the history panel. */
  thumbnail?: Buffer
}

const DEFAULT_TILE_CACHE_BYTES = 256 * 1024 * 1024

/** Encoded tiles storeTiles writes in one transaction: 1 MB (8 photo tiles) takes 1–2 ms of main's thread on two cores. */
const STORE_BYTES = 1024 * 1024

/**
 * One open project file: a layered document and the tree of its versions, with a head pointer that undo, redo and
 * goTo move. Every version is committed in one transaction, so after a crash the head is a version whose commit
 * returned, with all its tiles. Nothing is ever deleted: an edit after undo starts a branch.
 */
export class ProjectStore {
  private readonly tiles: TileStore
  private readonly stacks: LayerStacks
  private readonly log: VersionLog
  /** The document as created; its size is the first version's, later versions may crop or extend it. */
  private readonly documentInfo: DocumentInfo
  private headId: VersionId
  /** A writer's WAL checkpoints, off its thread. */
  private readonly checkpoints: WalCheckpoints | undefined

  private constructor(
    private readonly db: Database.Database,
    readonly path: string,
    options: OpenOptions,
    private readonly afterClose: () => void = () => {},
  ) {
    this.checkpoints = db.readonly ? undefined : new WalCheckpoints(db, db.name)
    this.tiles = new TileStore(db, options.tileCacheBytes ?? DEFAULT_TILE_CACHE_BYTES)
    this.stacks = new LayerStacks(db)
    this.log = new VersionLog(db)
    this.documentInfo = db
      .prepare('SELECT name, width, height, colour_space AS colourSpace FROM document')
      .get() as DocumentInfo
    this.headId = this.log.head()
  }

  /** Opens a project; refuses, without writing to it, a file that is damaged, not a project, or from a newer release. */
  static open(path: string, options: OpenOptions = {}): ProjectStore {
    if (options.viewCopy) return ProjectStore.openCopy(path, options)
    return ProjectStore.openFile(path, path, options)
  }

  private static openCopy(path: string, options: OpenOptions): ProjectStore {
    const folder = mkdtempSync(join(tmpdir(), 'z-image-view-'))
    const removeFolder = () => rmSync(folder, { recursive: true, force: true })
    try {
      const copy = copyForViewing(path, folder)
      return ProjectStore.openFile(copy, path, { ...options, readOnly: true }, removeFolder)
    } catch (error) {
      removeFolder()
      throw projectError(error, path)
    }
  }

  /** `file` is what SQLite opens; `path` is the project's name everywhere else (a view copy differs). */
  private static openFile(file: string, path: string, options: OpenOptions, afterClose?: () => void): ProjectStore {
    const db = openProjectFile(file, options.readOnly ?? false)
    try {
      const store = new ProjectStore(db, path, options, afterClose)
      // A project is created in one transaction; a file without a head never finished being created.
      if (!store.documentInfo || !(store.headId > 0)) {
        throw new AppError('project.damaged', `${path} was never completely created.`, { path })
      }
      return store
    } catch (error) {
      db.close()
      throw projectError(error, path)
    }
  }

  /** A new project holding one raster layer of `image`, as version 1 ("open"). Refuses to replace a file. */
  static create(path: string, image: NewProject, options: OpenOptions = {}): ProjectStore {
    const db = createProjectFile(path)
    try {
      return db.transaction(() => {
        db.prepare(`INSERT INTO document (id, name, width, height, colour_space) VALUES (1, ?, ?, ?, 'srgb')`).run(
          image.name,
          image.width,
          image.height,
        )
        // Head 0 stands for "no version yet" only until the first commit, inside this transaction.
        db.prepare(`INSERT INTO meta (key, value) VALUES ('head', '0')`).run()
        const store = new ProjectStore(db, path, options)
        store.commitEdit({
          operation: 'open',
          params: { name: image.name },
          thumbnail: image.thumbnail,
          layers: [{ layerId: 'background', properties: { name: image.layerName ?? 'Background' }, pixels: image }],
        })
        return store
      })()
    } catch (error) {
      db.close()
      removeProjectFile(path)
      throw projectError(error, path)
    }
  }

  close(): void {
    this.checkpoints?.close()
    this.db.close()
    this.afterClose()
  }

  get readOnly(): boolean {
    return this.db.readonly
  }

  get head(): VersionId {
    return this.headId
  }

  /** The document at a version (the head by default): its size is that version's canvas. */
  document(versionId: VersionId = this.headId): DocumentInfo {
    const canvas = versionId === 0 ? undefined : this.log.canvas(versionId)
    return { ...this.documentInfo, ...canvas }
  }

  /** Records one version as a child of the head and makes it the head. Writes only the tiles the edit changed. */
  commitEdit(edit: Edit): CommitResult {
    return this.guard(() => {
      const parentId = this.headId
      const canvas = edit.canvas ? checkCanvas(edit.canvas) : this.document(parentId)
      const parent = parentId === 0 ? [] : this.stacks.read(parentId)
      const change = applyLayerEdits(
        { tiles: this.tiles, canvas, kindOf: (id) => this.stacks.kindOf(id) },
        edit.canvas ? moveIntoCanvas(parent, edit.canvas) : parent,
        edit.layers,
      )
      const versionId = this.db.transaction(() => {
        this.tiles.write(change.newTiles)
        const id = this.log.append(parentId === 0 ? null : parentId, edit, { width: canvas.width, height: canvas.height })
        this.stacks.write(id, change.layers)
        this.log.setHead(id)
        return id
      })()
      this.headId = versionId
      this.tiles.remember(change.newTiles)
      this.checkpoints?.wrote(encodedBytes(change.newTiles) + VERSION_BYTES)
      return { versionId, changedTiles: change.changedTiles }
    })
  }

  get canUndo(): boolean {
    return this.version(this.headId).parentId !== null
  }

  get canRedo(): boolean {
    return this.log.latestChild(this.headId) !== null
  }

  /** Moves the head to its parent; answers the new head, or null at the first version. */
  undo(): VersionId | null {
    const parentId = this.version(this.headId).parentId
    return parentId === null ? null : this.goTo(parentId)
  }

  /** Moves the head to its most recently created child (the branch last worked on); null when it has none. */
  redo(): VersionId | null {
    const childId = this.log.latestChild(this.headId)
    return childId === null ? null : this.goTo(childId)
  }

  /** Makes any version current (rollback); later versions stay in the tree. */
  goTo(versionId: VersionId): VersionId {
    return this.guard(() => {
      this.version(versionId)
      this.log.setHead(versionId)
      this.headId = versionId
      return versionId
    })
  }

  version(versionId: VersionId): VersionRecord {
    const record = this.log.get(versionId)
    if (!record) {
      throw new AppError('project.versionNotFound', `No version ${versionId} in this project.`, { versionId })
    }
    return record
  }

  thumbnail(versionId: VersionId): Buffer | null {
    this.version(versionId)
    return this.log.thumbnail(versionId)
  }

  /** Every version, newest first, marked where it lies on the head's ancestry. */
  history(): HistoryEntry[] {
    return this.log.history()
  }

  /** Versions whose prompt or negative prompt contains `text`, or whose operation is one of `operations`, newest first. */
  search(text: string, operations: readonly string[] = []): HistoryEntry[] {
    return this.log.search(text, operations)
  }

  /** Which layers were added, removed or changed from version `a` to version `b`, down to the tile. */
  compare(a: VersionId, b: VersionId): VersionComparison {
    return compareStacks(this.stack(a), this.stack(b))
  }

  /** The layer stack of a version (the head by default), bottom first. */
  layers(versionId: VersionId = this.headId): LayerInfo[] {
    return this.stack(versionId).map((layer) => ({
      id: layer.layerId,
      kind: layer.kind,
      ...layer.properties,
      width: layer.tiles.width,
      height: layer.tiles.height,
      ...(layer.mask ? { mask: { enabled: layer.mask.enabled } } : {}),
    }))
  }

  /** A layer's pixels as tiles, or its layer mask's (`part` 'mask'; project.layerNotFound when it has none). */
  tileGrid(versionId: VersionId, layerId: string, part: LayerPart = 'pixels'): TileGrid {
    const { width, height, grid } = this.layerTiles(versionId, layerId, part)
    const shape = gridShape(width, height)
    const tiles = Array.from({ length: tileCount(shape) }, (_, index) => hashAt(grid, index).toString('hex'))
    return { width, height, tileSize: TILE_SIZE, columns: shape.columns, rows: shape.rows, tiles }
  }

  /** A layer's stored grid (or its mask's), to commit as another layer's pixels without copying a tile (duplicate). */
  tiledPixels(versionId: VersionId, layerId: string, part: LayerPart = 'pixels'): TiledPixels {
    const { width, height, grid } = this.guard(() => this.layerTiles(versionId, layerId, part))
    return { width, height, grid: Buffer.from(grid) }
  }

  /**
   * A whole image cut into tiles for a later commit, hashed and encoded (the tiles the project lacks only): the
   * compute host's half of a whole-layer edit. Reads, never writes, so a read-only store can do it.
   */
  cutIntoTiles(pixels: Pixels): TiledPixels {
    return this.guard(() => {
      const { tiles, newTiles } = replaceLayer(this.tiles, pixels)
      return { ...tiles, newTiles: newTiles.map(({ hash, width, height, encoded }) => ({ hash, width, height, encoded })) }
    })
  }

  /**
   * A patch over a version's layer, or over a new transparent layer of `onto`'s size, cut into tiles for a later
   * commit: only the tiles it touches are hashed and encoded, the rest of the grid is the layer's (or blank). Reads,
   * never writes: the compute host's half of a region edit (a generation's paste).
   */
  patchIntoTiles(patch: PixelPatch, onto: { versionId: VersionId; layerId: string } | { width: number; height: number }): TiledPixels & { newTiles: EncodedTile[] } {
    return this.guard(() => {
      const blank = 'layerId' in onto ? undefined : blankLayer(this.tiles, onto.width, onto.height)
      const base = 'layerId' in onto ? this.layerTiles(onto.versionId, onto.layerId, 'pixels') : blank!.tiles
      const { tiles, newTiles } = patchLayer(this.tiles, base, patch, blank?.newTiles)
      const encoded = [...(blank?.newTiles ?? []), ...newTiles].map(({ hash, width, height, encoded }) => ({ hash, width, height, encoded }))
      return { ...tiles, newTiles: encoded }
    })
  }

  /**
   * Stores encoded tiles ahead of the commit that uses them, about STORE_BYTES per transaction with the event loop let
   * go in between, so a whole layer's worth never blocks main for long. A tile no version names yet is harmless: tiles
   * are content-addressed, and the commit that follows finds them stored.
   */
  async storeTiles(tiles: EncodedTile[]): Promise<void> {
    let start = 0
    while (start < tiles.length) {
      let end = start
      for (let bytes = 0; end < tiles.length && bytes < STORE_BYTES; end++) bytes += tiles[end]!.encoded.length
      const batch = tiles.slice(start, end)
      this.guard(() => this.db.transaction(() => this.tiles.write(batch))())
      this.checkpoints?.wrote(encodedBytes(batch))
      start = end
      await new Promise((resolve) => setImmediate(resolve))
    }
  }

  /** The file SQLite has open: the project itself, or the private copy a view of read-only media reads. */
  get file(): string {
    return this.db.name
  }

  /** The pixels a tile hash names. Immutable: callers may cache them forever. Do not write to the Buffer. */
  readTile(hash: string): Buffer {
    return this.guard(() => this.tiles.read(Buffer.from(hash, 'hex')))
  }

  /** The pixels of `rect` (clipped to the layer) in one layer of one version, or of its layer mask. */
  readRegion(versionId: VersionId, layerId: string, rect: Rect, part: LayerPart = 'pixels'): Pixels {
    return this.guard(() => {
      const { width, height, grid } = this.layerTiles(versionId, layerId, part)
      const region = intersect(rect, { x: 0, y: 0, width, height })
      if (!region) throw new AppError('api.badInput', 'The region lies outside the layer.')
      const rgba = Buffer.alloc(region.width * region.height * 4)
      const shape = gridShape(width, height)
      for (const index of tilesOverlapping(shape, region)) {
        blit(this.tiles.read(hashAt(grid, index)), tileBounds(shape, index), rgba, region)
      }
      return { width: region.width, height: region.height, rgba }
    })
  }

  readLayer(versionId: VersionId, layerId: string, part: LayerPart = 'pixels'): Pixels {
    const { width, height } = this.layer(versionId, layerId).tiles
    return this.readRegion(versionId, layerId, { x: 0, y: 0, width, height }, part)
  }

  /**
   * A layer's pixels as the picture shows them: with its enabled layer mask's alpha multiplied into theirs. Everything
   * that composites layers (export, flatten, merge, thumbnails, the PSD's composite) reads layers through this.
   */
  readShown(versionId: VersionId, layerId: string): Pixels {
    return this.layer(versionId, layerId).mask?.enabled ? this.readMasked(versionId, layerId) : this.readLayer(versionId, layerId)
  }

  /** A layer's pixels with its layer mask's alpha multiplied into theirs, the mask on or off: what Apply mask keeps. */
  readMasked(versionId: VersionId, layerId: string): Pixels {
    const pixels = this.readLayer(versionId, layerId)
    const mask = this.readLayer(versionId, layerId, 'mask').rgba
    const rgba = pixels.rgba
    for (let i = 3; i < rgba.length; i += 4) rgba[i] = Math.round((rgba[i]! * mask[i]!) / 255)
    return pixels
  }

  /**
   * Writes a complete, consistent copy of the project to `targetPath`; this store keeps editing the original. The copy
   * is written beside the target under a temporary name and moved into place only once complete, so a failure (a full
   * disk) leaves neither a partial file nor a damaged target. An existing target is replaced only with `overwrite`.
   */
  async saveAs(targetPath: string, overwrite = false): Promise<void> {
    if (isProjectFile(targetPath, this.path)) {
      throw new AppError('project.inUse', `${targetPath} is this project itself; Save as needs another file.`, { path: targetPath })
    }
    checkSaveTarget(targetPath, overwrite)
    const temporary = temporaryBeside(targetPath)
    try {
      await this.db.backup(temporary)
      placeFile(temporary, targetPath, overwrite)
    } catch (error) {
      removeProjectFile(temporary)
      throw projectError(fileError(error, targetPath), targetPath)
    }
  }

  private stack(versionId: VersionId): StackLayer[] {
    this.version(versionId)
    return this.stacks.read(versionId)
  }

  private layerTiles(versionId: VersionId, layerId: string, part: LayerPart): { width: number; height: number; grid: Buffer } {
    const layer = this.layer(versionId, layerId)
    if (part === 'pixels') return layer.tiles
    if (!layer.mask) throw new AppError('project.layerNotFound', `Layer ${layerId} has no layer mask in this version.`, { layerId })
    return { width: layer.tiles.width, height: layer.tiles.height, grid: layer.mask.grid }
  }

  private layer(versionId: VersionId, layerId: string): StackLayer {
    this.version(versionId)
    const layer = this.stacks.find(versionId, layerId)
    if (!layer) throw layerNotFound(layerId)
    return layer
  }

  private guard<T>(action: () => T): T {
    try {
      return action()
    } catch (error) {
      throw projectError(error, this.path)
    }
  }
}

/** What a version's rows (its record, stack and grids) add to the WAL besides its tiles, near enough: a few pages. */
const VERSION_BYTES = 16 * 1024

const encodedBytes = (tiles: { encoded: Buffer }[]) => tiles.reduce((sum, tile) => sum + tile.encoded.length, 0)

function checkCanvas(canvas: Rect): CanvasSize {
  const whole = [canvas.x, canvas.y, canvas.width, canvas.height].every(Number.isInteger)
  if (!whole || canvas.width <= 0 || canvas.height <= 0) {
    throw new AppError('api.badInput', `A canvas needs a positive whole-pixel size, not ${canvas.width}×${canvas.height}.`)
  }
  if (canvas.width * canvas.height > MAX_IMAGE_PIXELS) {
    throw new AppError(
      'api.badInput',
      `A ${canvas.width}×${canvas.height} canvas is over the limit of ${MAX_IMAGE_PIXELS / 1e6} megapixels.`,
    )
  }
  return { width: canvas.width, height: canvas.height }
}
