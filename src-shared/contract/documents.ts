import { z } from 'zod'
import { MAX_FILE_BYTES } from '../limits'
import { FileName, FilePath } from './paths'

/** Raw bytes; Node Buffers count (they are Uint8Arrays). */
export const Bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, { message: 'expected bytes (Uint8Array)' })

export const blendModes = [
  'normal', 'multiply', 'screen', 'overlay', 'darken', 'lighten', 'color-dodge', 'color-burn',
  'hard-light', 'soft-light', 'difference', 'exclusion', 'hue', 'saturation', 'color', 'luminosity',
] as const
export const BlendMode = z.enum(blendModes)
export type BlendMode = z.infer<typeof BlendMode>

export const Rect = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
})
export type Rect = z.infer<typeof Rect>

export const LayerInfo = z.object({
  id: z.string(),
  kind: z.enum(['raster', 'mask']),
  name: z.string(),
  visible: z.boolean(),
  opacity: z.number().min(0).max(1),
  blendMode: BlendMode,
  offsetX: z.number().int(),
  offsetY: z.number().int(),
  locked: z.boolean(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** A raster layer's layer mask (white shows, black hides), when it has one; `enabled` false when Shift-clicked off. */
  mask: z.object({ enabled: z.boolean() }).optional(),
})
export type LayerInfo = z.infer<typeof LayerInfo>

export const VersionId = z.number().int().positive()

/** An open document: a project file and the state at its head version. */
export const DocumentInfo = z.object({
  id: z.string(),
  name: z.string(),
  /** The project file (SQLite) that holds the document and its whole history. */
  path: FilePath,
  /** Opened for viewing only (read-only media or file): every edit is refused with project.readOnly; Save as still copies it. */
  readOnly: z.boolean(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  head: VersionId,
  canUndo: z.boolean(),
  canRedo: z.boolean(),
  /** Bottom first. */
  layers: z.array(LayerInfo),
})
export type DocumentInfo = z.infer<typeof DocumentInfo>

/** How a photo was decoded, so the UI can say what happened to it (e.g. 16-bit reduced to 8-bit). */
export const DecodedSource = z.object({
  format: z.string(),
  bitDepth: z.number().int(),
  hadColourProfile: z.boolean(),
  orientation: z.number().int(),
})

/** A layer's pixels as 256×256 tiles named by content hash: `tiles[row * columns + column]`. */
export const TileGrid = z.object({
  width: z.number().int(),
  height: z.number().int(),
  tileSize: z.number().int(),
  columns: z.number().int(),
  rows: z.number().int(),
  tiles: z.array(z.string()),
})
export type TileGrid = z.infer<typeof TileGrid>

export const ExportFormat = z.enum(['png', 'jpeg', 'webp'])
export type ExportFormat = z.infer<typeof ExportFormat>

export const RecentProject = z.object({ path: FilePath, name: z.string(), openedAt: z.number() })

const documentId = z.object({ documentId: z.string() })
const fileBytes = Bytes.refine((b) => b.byteLength <= MAX_FILE_BYTES, { message: 'file too large' })

/** An opened photo at screen size (WebP), shown until its full-size tiles are stored. */
const OpeningPreview = z.object({ width: z.number().int(), height: z.number().int(), bytes: Bytes })

export const documentMethods = {
  /** Opens a photo as a new project (see the README for where project files go). Project bytes: image.isProject. */
  'documents.openImage': {
    /** `layerName`: the photo's layer, named in the interface language ("Background", "背景"); kept as given. */
    input: z.object({ name: FileName, bytes: fileBytes, layerName: z.string().min(1).max(200).optional() }),
    /**
     * Answered as soon as the photo can show: `preview` is it at screen size (WebP), to show while it is decoded at
     * full size and its tiles are stored; every call on the document waits until they are, and a photo found damaged
     * only then answers image.corrupt to the first.
     */
    output: z.object({ document: DocumentInfo, source: DecodedSource, preview: OpeningPreview.optional() }),
  },
  /** Opens a project file in place; one on read-only media or without write permission opens read-only. */
  'documents.openProject': { input: z.object({ path: FilePath }), output: DocumentInfo },
  /**
   * Opens a file by what it holds: a project in place, or a photo as a new project (File › Open, drop, recent), with
   * its `preview` as documents.openImage answers it.
   */
  'documents.open': {
    input: z.object({ path: FilePath, layerName: z.string().min(1).max(200).optional() }),
    output: z.object({ document: DocumentInfo, preview: OpeningPreview.optional() }),
  },
  /** Web mode's way to open a .zproj the browser hands over as bytes: a copy is written to the projects folder and opened. */
  'documents.importProject': { input: z.object({ name: FileName, bytes: fileBytes }), output: DocumentInfo },
  /** The documents main has open: a reloaded window picks up where it was. */
  'documents.listOpen': { input: z.object({}), output: z.array(DocumentInfo) },
  'documents.recent': { input: z.object({}), output: z.array(RecentProject) },
  'documents.close': { input: documentId, output: z.object({}) },
  /**
   * Copies the project, history and all, with SQLite's backup API, to a temporary file that is then moved into place.
   * Refuses a target that is any open project (the same file under any name: project.inUse) and, unless `overwrite`,
   * any existing file (project.exists: the UI asks, then calls again with `overwrite: true`).
   */
  'documents.saveAs': {
    input: documentId.extend({ path: FilePath, overwrite: z.boolean().default(false) }),
    output: z.object({ path: FilePath }),
  },
  /**
   * Desktop: the system's save dialog, starting at a free "<name> copy.zproj" beside the project. `path` is null when
   * cancelled; `confirmedOverwrite` when the dialog itself asked before replacing, so saveAs may pass overwrite.
   * Web mode has no native dialog: dialog.unavailable, with `suggestedPath` in its details.
   */
  'documents.chooseSaveAsPath': {
    input: documentId,
    output: z.object({ path: FilePath.nullable(), confirmedOverwrite: z.boolean() }),
  },
  /** Desktop: the system's open dialog for projects and photos; null when cancelled. Web mode: dialog.unavailable. */
  'documents.chooseFileToOpen': { input: z.object({}), output: z.object({ path: FilePath.nullable() }) },
  'documents.export': {
    input: documentId.extend({
      format: ExportFormat,
      /** 1–100, for JPEG and WebP. */
      quality: z.number().int().min(1).max(100).default(90),
    }),
    output: z.object({ fileName: FileName, mimeType: z.string(), bytes: Bytes }),
  },
  'layers.tileGrid': {
    /** `mask`: the layer mask's tiles (white pixels whose alpha is the mask) instead of the layer's. */
    input: documentId.extend({ layerId: z.string(), versionId: VersionId.optional(), mask: z.boolean().default(false) }),
    output: TileGrid,
  },
  /** Tiles by hash, as straight RGBA. A hash names immutable pixels, so the renderer caches them freely. */
  'tiles.read': {
    input: documentId.extend({ hashes: z.array(z.string().regex(/^[0-9a-f]{64}$/)).min(1).max(512) }),
    output: z.object({ tiles: z.array(Bytes) }),
  },
  /**
   * Commits one brush, eraser or mask stroke: the new pixels of the rectangle it touched, as one version. With
   * `target` 'mask' they are the layer mask's (white, alpha = the mask).
   */
  'layers.paint': {
    input: documentId
      .extend({
        layerId: z.string(),
        target: z.enum(['pixels', 'mask']).default('pixels'),
        operation: z.enum(['brush', 'eraser', 'mask', 'maskEraser', 'fill']),
        rect: Rect,
        rgba: Bytes,
        params: z.record(z.string(), z.unknown()).default({}),
        thumbnail: Bytes.optional(),
      })
      .refine((p) => p.rgba.byteLength === p.rect.width * p.rect.height * 4, { message: 'rgba must hold rect.width × rect.height pixels' }),
    output: DocumentInfo,
  },
} as const
