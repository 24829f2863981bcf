import { z } from 'zod'
import { BlendMode, Bytes, DocumentInfo, Rect } from './documents'
import { SegmentationMask } from './segmentation'
import { FileName } from './paths'

const layer = z.object({ documentId: z.string(), layerId: z.string() })

/** Layer properties a user changes in the layers panel; each change is one version. */
export const LayerChanges = z
  .object({
    name: z.string().min(1).max(200),
    visible: z.boolean(),
    opacity: z.number().min(0).max(1),
    blendMode: BlendMode,
    locked: z.boolean(),
    offsetX: z.number().int(),
    offsetY: z.number().int(),
  })
  .partial()
  .refine((changes) => Object.keys(changes).length > 0, { message: 'nothing to change' })

/** Every layer-panel operation answers the document as it is afterwards (its new head). */
export const layerMethods = {
  /** A new layer above the active one: empty (transparent, document size), or from an image file. */
  'layers.add': {
    input: z.object({
      documentId: z.string(),
      kind: z.enum(['raster', 'mask']).default('raster'),
      name: z.string().min(1).max(200).optional(),
      /** Position in the stack, 0 = bottom; on top when absent. */
      position: z.number().int().nonnegative().optional(),
      /** An image file to fill the layer with (decoded like an opened photo). */
      image: z.object({ name: z.string(), bytes: Bytes }).optional(),
    }),
    output: DocumentInfo,
  },
  'layers.update': { input: layer.extend({ changes: LayerChanges }), output: DocumentInfo },
  /** `name`: the copy's, in the window's language (default: the source's name and " copy"). */
  'layers.duplicate': { input: layer.extend({ name: z.string().min(1).max(200).optional() }), output: DocumentInfo },
  'layers.remove': { input: layer, output: DocumentInfo },
  /** Moves a layer to a position in the stack (0 = bottom). */
  'layers.move': { input: layer.extend({ position: z.number().int().nonnegative() }), output: DocumentInfo },
  /**
   * Composites a layer onto the nearest raster layer below it (masks are never merged) with its blend mode and
   * opacity. The merged layer keeps the lower layer's id and properties and covers both layers' extent.
   */
  'layers.mergeDown': { input: layer, output: DocumentInfo },
  /**
   * Free transform: scales, rotates or shears a layer by `matrix` [a, b, c, d, e, f], which maps document coordinates
   * before to after as a canvas's setTransform does (x' = a·x + c·y + e, y' = b·x + d·y + f). The pixels are resampled
   * at full resolution and placed by the layer's new offset; a whole-pixel move only changes the offset. One version.
   */
  'layers.transform': {
    input: layer.extend({
      matrix: z
        .tuple([z.number(), z.number(), z.number(), z.number(), z.number(), z.number()])
        .refine(([a, b, c, d]) => Math.abs(a * d - b * c) > 1e-6, { message: 'the matrix flattens the layer to nothing' }),
    }),
    output: DocumentInfo,
  },
  /** Composites every visible raster layer into one document-size layer; hidden ones are dropped, masks stay. */
  /** `name`: the flattened layer's, in the window's language (default "Background"). */
  'layers.flatten': { input: z.object({ documentId: z.string(), name: z.string().min(1).max(200).optional() }), output: DocumentInfo },
  /**
   * Crop or canvas size: `rect` is the new canvas in the current canvas's coordinates (negative x/y or a larger size
   * extend it). Every layer moves with the canvas; unlocked layers lose the pixels a crop cuts away, as Photoshop's
   * "delete cropped pixels" does, and locked ones keep theirs. One version; undo restores the size.
   */
  'documents.resizeCanvas': { input: z.object({ documentId: z.string(), rect: Rect }), output: DocumentInfo },
  /**
   * A raster layer's layer mask, one version each: `add` a white one (all shows) or one from `alpha` (a selection, in
   * document coordinates, 255 shows; outside it hides); `enable` / `disable` (Shift-click); `apply` bakes it into the
   * layer's alpha and drops it; `delete` drops it.
   */
  'layers.mask': {
    input: layer.extend({ action: z.enum(['add', 'enable', 'disable', 'apply', 'delete']), alpha: SegmentationMask.optional() }),
    output: DocumentInfo,
  },
  /**
   * Layer › Remove background, one version: the subject's mask (segmentation.subject's) becomes the layer's mask, so
   * its pixels stay. `background`: transparent, or a colour filling a new layer below; `trim` crops the canvas to the
   * subject's bounds plus `padding` pixels.
   */
  'layers.removeBackground': {
    input: layer.extend({
      mask: SegmentationMask,
      background: z.union([z.object({ kind: z.literal('transparent') }), z.object({ kind: z.literal('colour'), colour: z.string().regex(/^#[0-9a-fA-F]{6}$/), name: z.string().min(1).max(200).optional() })]).default({ kind: 'transparent' }),
      trim: z.object({ padding: z.number().int().min(0).max(10_000) }).optional(),
    }),
    output: DocumentInfo,
  },
  /** A layered Photoshop file (PSB past 30000 pixels a side): names, order, visibility, opacity and blend modes. */
  'documents.exportPsd': {
    input: z.object({ documentId: z.string() }),
    output: z.object({ fileName: FileName, mimeType: z.string(), bytes: Bytes }),
  },
} as const
