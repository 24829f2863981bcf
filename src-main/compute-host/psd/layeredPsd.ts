import { writePsd, type BlendMode as PsdBlendMode, type Layer } from 'ag-psd'
import type { BlendMode } from '../../../src-shared/contract'
import { flatten, type FlattenLayer } from '../compositing/flatten'

export interface PsdLayer extends FlattenLayer {
  kind: 'raster' | 'mask'
  name: string
  visible: boolean
  locked: boolean
  /** The layer mask, the layer's size: white pixels whose alpha is the mask (the project's tiles' form). */
  mask?: { rgba: Uint8Array; enabled: boolean }
}

export interface PsdRequest {
  width: number
  height: number
  /** Bottom first, every layer of the document. */
  layers: PsdLayer[]
}

/** Photoshop's largest PSD side; past it the same layers go into a PSB ("large document format"). */
const PSD_MAX_SIDE = 30_000

/**
 * Our blend modes under their Photoshop names (ag-psd writes the four-letter keys: 'mul ', 'scrn', 'div ', …).
 * Photoshop's soft light and non-separable modes differ slightly from the W3C formulas, which is one reason the
 * file also carries our own composite.
 */
const psdBlendModes: Record<BlendMode, PsdBlendMode> = {
  normal: 'normal',
  multiply: 'multiply',
  screen: 'screen',
  overlay: 'overlay',
  darken: 'darken',
  lighten: 'lighten',
  'color-dodge': 'color dodge',
  'color-burn': 'color burn',
  'hard-light': 'hard light',
  'soft-light': 'soft light',
  difference: 'difference',
  exclusion: 'exclusion',
  hue: 'hue',
  saturation: 'saturation',
  color: 'color',
  luminosity: 'luminosity',
}

/**
 * A layered Photoshop file: every layer with its name, order, visibility, opacity, blend mode, offset and lock,
 * and the visible raster layers flattened as the file's composite image (what viewers without layer support show).
 */
export async function layeredPsd({ width, height, layers }: PsdRequest): Promise<{ bytes: Uint8Array; psb: boolean }> {
  const shown = layers.filter((layer) => layer.kind === 'raster' && layer.visible).map(maskedPixels)
  const composite = await flatten(width, height, shown)
  const psb = width > PSD_MAX_SIDE || height > PSD_MAX_SIDE
  const bytes = writePsd(
    {
      width,
      height,
      imageData: { width, height, data: composite },
      children: layers.map(psdLayer),
    },
    // Our bottom layer is a layer like any other (it may be moved, hidden or made transparent), never Photoshop's
    // locked "Background".
    { noBackground: true, psb },
  )
  return { bytes: new Uint8Array(bytes), psb }
}

function psdLayer(layer: PsdLayer): Layer {
  const mask = layer.kind === 'mask'
  return {
    // A PSD layer mask belongs to one layer, while ours stand alone (an AI edit's region, chosen per edit).
    // A hidden pixel layer keeps a mask's pixels, exactly and out of the picture, for a round trip.
    name: mask ? `Mask: ${layer.name}` : layer.name,
    hidden: mask || !layer.visible,
    opacity: layer.opacity,
    blendMode: psdBlendModes[layer.blendMode],
    left: layer.offsetX,
    top: layer.offsetY,
    ...(layer.locked ? { protected: { transparency: true, composite: true, position: true } } : {}),
    imageData: { width: layer.width, height: layer.height, data: layer.rgba },
    ...(layer.mask ? { mask: psdMask(layer, layer.mask) } : {}),
  }
}

/** A layer as the picture shows it: its mask's alpha (when on) multiplied into its own. */
function maskedPixels(layer: PsdLayer): FlattenLayer {
  if (!layer.mask?.enabled) return layer
  const rgba = new Uint8Array(layer.rgba)
  const mask = layer.mask.rgba
  for (let i = 3; i < rgba.length; i += 4) rgba[i] = Math.round((rgba[i]! * mask[i]!) / 255)
  return { ...layer, rgba }
}

/** Photoshop's layer mask: one grey channel (ag-psd writes the red one), 255 shows; black beyond its rectangle. */
function psdMask(layer: PsdLayer, mask: { rgba: Uint8Array; enabled: boolean }): Layer['mask'] {
  const grey = new Uint8Array(mask.rgba.length)
  for (let i = 0; i < grey.length; i += 4) {
    grey[i] = grey[i + 1] = grey[i + 2] = mask.rgba[i + 3]!
    grey[i + 3] = 255
  }
  return {
    left: layer.offsetX,
    top: layer.offsetY,
    right: layer.offsetX + layer.width,
    bottom: layer.offsetY + layer.height,
    defaultColor: 0,
    disabled: !mask.enabled,
    imageData: { width: layer.width, height: layer.height, data: grey },
  }
}
