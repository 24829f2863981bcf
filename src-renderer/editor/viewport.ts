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

/** A wheel event as the canvas reads it (a DOM WheelEvent has these fields). */
export interface WheelInput {
  deltaX: number
  deltaY: number
  /** 0 pixels, 1 lines, 2 pages, as WheelEvent.deltaMode. */
  deltaMode: number
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  shiftKey: boolean
}

/**
 * Zoom per pixel of wheel delta. Chromium reports a trackpad pinch as ctrlKey wheel events whose deltaY is
 * −100·ln(scale), so 0.01 follows the fingers exactly.
 */
const ZOOM_PER_DELTA = 0.01
/**
 * A mouse notch is 100–120 px in one event, which at that rate would jump 2.7× (the old 100% → 272%); deltas are
 * capped here, so a notch zooms about 13% while pinch events (a few pixels each) stay exact.
 */
const MAX_ZOOM_DELTA = 12
const LINE_PIXELS = 16

/**
 * What the wheel does to the view, as in Photoshop: it scrolls (Shift scrolls sideways); with Ctrl, Cmd or Alt
 * held, or as a trackpad pinch, it zooms smoothly about the pointer, in proportion to the delta.
 */
export function wheelView(view: View, wheel: WheelInput, anchor: { x: number; y: number }, viewport: Size): View {
  const unit = wheel.deltaMode === 1 ? LINE_PIXELS : wheel.deltaMode === 2 ? viewport.height : 1
  if (wheel.ctrlKey || wheel.metaKey || wheel.altKey) {
    const delta = Math.max(-MAX_ZOOM_DELTA, Math.min(MAX_ZOOM_DELTA, wheel.deltaY * unit))
    return zoomAbout(view, Math.exp(-delta * ZOOM_PER_DELTA), anchor)
  }
  // Shift turns a vertical wheel sideways; where the platform already did (deltaX set), take that.
  const dx = wheel.shiftKey && wheel.deltaX === 0 ? wheel.deltaY : wheel.deltaX
  const dy = wheel.shiftKey ? 0 : wheel.deltaY
  return { ...view, x: view.x - dx * unit, y: view.y - dy * unit }
}
