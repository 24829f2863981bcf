import { randomUUID } from 'node:crypto'
import { AppError, type LayerInfo } from '../../src-shared/contract'
import { exportFileName } from '../../src-shared/contract/paths'
import { MAX_IMAGE_PIXELS } from '../../src-shared/limits'
import type { ComputeHost, TaskInput } from '../compute/ComputeHost'
import type { OpenProjects } from '../documents/OpenProjects'
import type { ProjectStore } from '../documents/project'
import { makeThumbnail } from '../imaging/thumbnail'
import type { Handlers } from './dispatch'
import { findLayer, requireUnlocked } from './layerRules'

type FlattenLayer = TaskInput<'imaging.flatten'>['layers'][number]

type LayerCompositingHandlers = Pick<Handlers, 'layers.mergeDown' | 'layers.flatten' | 'documents.exportPsd'>

/**
 * Operations that composite pixels: merge down, flatten and the layered export. The compositing runs in the compute
 * host with the layers' blend modes and opacity; mask layers are never composited into a raster.
 */
export function layerCompositingHandlers(projects: OpenProjects, compute: ComputeHost): LayerCompositingHandlers {
  return {
    'layers.mergeDown': async ({ documentId, layerId }) => {
      const store = projects.store(documentId)
      const upper = requireUnlocked(findLayer(store, layerId))
      if (upper.kind === 'mask') {
        throw new AppError('layer.maskMerge', `“${upper.name}” is a mask: masks are never merged into pixels.`, { layer: upper.name })
      }
      const stack = store.layers()
      const lower = stack.slice(0, stack.findIndex((l) => l.id === layerId)).findLast((l) => l.kind === 'raster')
      if (!lower) throw new AppError('layer.nothingBelow', `There is no raster layer below “${upper.name}” to merge it into.`, { layer: upper.name })
      requireUnlocked(lower)
      // The merged layer covers both, keeps the lower layer's properties, and holds its pixels with the upper layer
      // composited on top as the screen shows it (blend mode, opacity; nothing if hidden).
      const parts = upper.visible ? [lower, upper] : [lower]
      const bounds = union(parts)
      const started = performance.now()
      const { rgba } = await compute.run('imaging.flatten', {
        width: bounds.width,
        height: bounds.height,
        layers: parts.map((layer, index) => ({
          ...flattenLayer(store, layer),
          offsetX: layer.offsetX - bounds.x,
          offsetY: layer.offsetY - bounds.y,
          ...(index === 0 ? { opacity: 1, blendMode: 'normal' as const } : {}),
        })),
      })
      store.commitEdit({
        operation: 'layer.mergeDown',
        params: { layerId, into: lower.id },
        durationMs: Math.round(performance.now() - started),
        layers: [
          { layerId: upper.id, remove: true },
          {
            // Both layers' masks are in the merged pixels, as Photoshop merges.
            layerId: lower.id,
            properties: { offsetX: bounds.x, offsetY: bounds.y },
            pixels: { width: bounds.width, height: bounds.height, rgba: asBuffer(rgba) },
            ...(lower.mask ? { mask: null } : {}),
          },
        ],
      })
      return projects.info(documentId)
    },

    'layers.flatten': async ({ documentId }) => {
      const store = projects.store(documentId)
      const { width, height } = store.document()
      const stack = store.layers()
      const rasters = stack.filter((layer) => layer.kind === 'raster')
      rasters.forEach(requireUnlocked)
      const started = performance.now()
      const { rgba } = await compute.run('imaging.flatten', {
        width,
        height,
        layers: rasters.filter((layer) => layer.visible).map((layer) => flattenLayer(store, layer)),
      })
      const pixels = asBuffer(rgba)
      const flattenedId = randomUUID()
      store.commitEdit({
        operation: 'layer.flatten',
        params: { layerIds: rasters.map((layer) => layer.id), flattenedId },
        durationMs: Math.round(performance.now() - started),
        thumbnail: await makeThumbnail(pixels, width, height),
        // Hidden layers are dropped, as nothing of them shows; masks keep their places around the one new layer.
        layers: [
          ...rasters.map((layer) => ({ layerId: layer.id, remove: true as const })),
          {
            layerId: flattenedId,
            properties: { name: 'Background' },
            position: stack.findIndex((layer) => layer.kind === 'raster'),
            pixels: { width, height, rgba: pixels },
          },
        ],
      })
      return projects.info(documentId)
    },

    'documents.exportPsd': async ({ documentId }) => {
      const store = projects.store(documentId)
      const { name, width, height } = store.document()
      // Each layer's own pixels, its mask beside them as Photoshop keeps it; the composite shows them masked.
      const layers = store.layers().map((layer) => ({
        ...flattenLayer(store, layer),
        rgba: store.readLayer(store.head, layer.id).rgba,
        ...(layer.mask ? { mask: { rgba: store.readLayer(store.head, layer.id, 'mask').rgba, enabled: layer.mask.enabled } } : {}),
        kind: layer.kind,
        name: layer.name,
        visible: layer.visible,
        locked: layer.locked,
      }))
      const { bytes, psb } = await compute.run('imaging.psd', { width, height, layers })
      return { fileName: exportFileName(name, psb ? 'psb' : 'psd'), mimeType: 'image/vnd.adobe.photoshop', bytes }
    },
  }
}

function flattenLayer(store: ProjectStore, layer: LayerInfo): FlattenLayer {
  const { width, height, offsetX, offsetY, opacity, blendMode } = layer
  return { rgba: store.readShown(store.head, layer.id).rgba, width, height, offsetX, offsetY, opacity, blendMode }
}

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

/** The compute host's bytes as the Buffer the project store takes, without a copy. */
const asBuffer = (rgba: Uint8Array) => Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength)
