/** Where the document sits on screen: screen = document · zoom + offset, in CSS pixels. */
export interface View {
  zoom: number
  x: number
  y: number
}

export interface Size {
  width: number
  height: number
}

export const MIN_ZOOM = 1 / 64
export const MAX_ZOOM = 64
const FIT_MARGIN = 24

/** The view that shows the whole document centred, never enlarged past 100%. */
export function fitView(document: Size, viewport: Size): View {
  const zoom = Math.min(1, (viewport.width - 2 * FIT_MARGIN) / document.width, (viewport.height - 2 * FIT_MARGIN) / document.height)
  return centred(document, viewport, Math.max(MIN_ZOOM, zoom))
}

/** Centres the document at a zoom, on whole pixels so 100% draws every pixel exactly. */
export function centred(document: Size, viewport: Size, zoom: number): View {
  return {
    zoom,
    x: Math.round((viewport.width - document.width * zoom) / 2),
    y: Math.round((viewport.height - document.height * zoom) / 2),
  }
}

/** Zooms by a factor keeping the screen point `anchor` over the same document pixel. */
export function zoomAbout(view: View, factor: number, anchor: { x: number; y: number }): View {
  const zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, view.zoom * factor))
  const scale = zoom / view.zoom
  return { zoom, x: anchor.x - (anchor.x - view.x) * scale, y: anchor.y - (anchor.y - view.y) * scale }
}

export function screenToDocument(view: View, point: { x: number; y: number }): { x: number; y: number } {
  return { x: (point.x - view.x) / view.zoom, y: (point.y - view.y) / view.zoom }
}
