import { randomUUID } from 'node:crypto'
import { AppError, type ExportFormat, type LayerInfo } from '../../../src-shared/contract'
import { exportFileName } from '../../../src-shared/contract/paths'
import { MAX_IMAGE_PIXELS } from '../../../src-shared/limits'
import { findLayer, requireUnlocked } from '../../api/layerRules'
import type { ProjectStore } from '../../documents/project'
import { mimeTypes } from '../../imaging/encode'
import { defineJobKind, taskSteps } from '../documentJob'
import { layerPlacement } from '../layerPlacement'
import { asBuffer, fromTransfer } from '../tiledTransfer'

/** The compute host's progress and cancel for one task run. */

/**
 * Merge down: the upper layer composited onto the one below as the screen shows it (blend mode, opacity, masks;
 * nothing if hidden). The merged layer covers both and keeps the lower layer's properties.
 */
export const mergeDown = defineJobKind({
  kind: 'mergeDown',
  plan: (store: ProjectStore, { layerId }: { layerId: string }) => {
    const upper = requireUnlocked(findLayer(store, layerId))
    if (upper.kind === 'mask') throw new AppError('layer.maskMerge', `“${upper.name}” is a mask: masks are never merged into pixels.`, { layer: upper.name })
    const stack = store.layers()
    const lower = stack.slice(0, stack.findIndex((l) => l.id === layerId)).findLast((l) => l.kind === 'raster')
    if (!lower) throw new AppError('layer.nothingBelow', `There is no raster layer below “${upper.name}” to merge it into.`, { layer: upper.name })
    requireUnlocked(lower)
    const parts = upper.visible ? [lower, upper] : [lower]
    return { label: `${upper.name} → ${lower.name}`, upper, lower, bounds: union(parts), parts, started: performance.now() }
  },
  run: ({ parts, bounds }, context) =>
    context.compute.run(
      'project.flattenToTiles',
      {
        file: context.store.file,
        versionId: context.versionId,
        width: bounds.width,
        height: bounds.height,
        // The lower layer is the ground: it goes in as it is, at full opacity and normal blend.
        layers: parts.map((layer, index) => ({ ...layerPlacement(layer, bounds.x, bounds.y), ...(index === 0 ? { opacity: 1, blendMode: 'normal' as const } : {}) })),
      },
      taskSteps(context),
    ),
  commit: ({ upper, lower, bounds, started }, { tiled }) => ({
    output: undefined,
    edit: {
      operation: 'layer.mergeDown',
      params: { layerId: upper.id, into: lower.id },
      durationMs: Math.round(performance.now() - started),
      layers: [
        { layerId: upper.id, remove: true as const },
        // Both layers' masks are in the merged pixels, as Photoshop merges.
        { layerId: lower.id, properties: { offsetX: bounds.x, offsetY: bounds.y }, pixels: fromTransfer(tiled), ...(lower.mask ? { mask: null } : {}) },
      ],
    },
  }),
})

/** Flatten: the visible raster layers as one; hidden ones are dropped, masks keep their places around it. */
export const flatten = defineJobKind({
  kind: 'flatten',
  plan: (store: ProjectStore, { name }: { name?: string }) => {
    const stack = store.layers()
    const rasters = stack.filter((layer) => layer.kind === 'raster')
    rasters.forEach(requireUnlocked)
    const position = stack.findIndex((layer) => layer.kind === 'raster')
    return { label: `${rasters.length} layers`, rasters, position, name: name ?? 'Background', canvas: store.document(), started: performance.now() }
  },
  run: ({ rasters, canvas }, context) =>
    context.compute.run(
      'project.flattenToTiles',
      { file: context.store.file, versionId: context.versionId, ...size(canvas), layers: rasters.filter((l) => l.visible).map((l) => layerPlacement(l)), thumbnail: true },
      taskSteps(context),
    ),
  commit: ({ rasters, position, name, started }, { tiled, thumbnail }) => {
    const flattenedId = randomUUID()
    return {
      output: undefined,
      edit: {
        operation: 'layer.flatten',
        params: { layerIds: rasters.map((layer) => layer.id), flattenedId },
        durationMs: Math.round(performance.now() - started),
        thumbnail: thumbnail && asBuffer(thumbnail),
        layers: [
          ...rasters.map((layer) => ({ layerId: layer.id, remove: true as const })),
          { layerId: flattenedId, properties: { name }, position, pixels: fromTransfer(tiled) },
        ],
      },
    }
  },
})

/** Export: the visible picture encoded in the compute host; no version. */
export const exportImage = defineJobKind({
  kind: 'export',
  plan: (store: ProjectStore, { format, quality }: { format: ExportFormat; quality?: number }) => {
    const document = store.document()
    const layers = store.layers().filter((layer) => layer.kind === 'raster' && layer.visible)
    return { label: `${document.name}.${format}`, document, layers, format, quality }
  },
  run: ({ document, layers, format, quality }, context) =>
    context.compute.run(
      'project.export',
      { file: context.store.file, versionId: context.versionId, ...size(document), layers: layers.map((l) => layerPlacement(l)), format, quality },
      taskSteps(context),
    ),
  commit: ({ document, format }, { bytes }) => ({
    output: { fileName: exportFileName(document.name, format === 'jpeg' ? 'jpg' : format), mimeType: mimeTypes[format], bytes },
  }),
})

const size = ({ width, height }: { width: number; height: number }) => ({ width, height })

/** The rectangle covering every layer at its offset; refused past the pixel limit, as an opened image would be. */
function union(layers: LayerInfo[]): { x: number; y: number; width: number; height: number } {
  const x = Math.min(...layers.map((l) => l.offsetX))
  const y = Math.min(...layers.map((l) => l.offsetY))
  const width = Math.max(...layers.map((l) => l.offsetX + l.width)) - x
  const height = Math.max(...layers.map((l) => l.offsetY + l.height)) - y
  if (width * height > MAX_IMAGE_PIXELS) {
    throw new AppError('image.tooManyPixels', `The merged layer would be ${width}×${height} pixels, more than the limit of ${MAX_IMAGE_PIXELS} pixels.`, {
      width,
      height,
      limit: MAX_IMAGE_PIXELS,
    })
  }
  return { x, y, width, height }
}
