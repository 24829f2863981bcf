/** Keys as shortcuts name them, apart from the actions table, so that any part of the editor may write one. */
export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform)

/** Shift+Q shows or hides the AI mask (the removal's notice names it). */
export const SHOW_MASK_KEY = 'Shift+Q'

/** The part of a key event a shortcut is matched against. */
export type KeyPress = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>

/** Does a key event match a shortcut such as 'Mod+Shift+E', 'Ctrl+Y' or 'B'? */
export function matchesShortcut(event: KeyPress, shortcut: string): boolean {
  const parts = shortcut.split('+')
  const key = parts.pop() || '+'
  const wants = new Set(parts)
  const wantsCtrl = wants.has('Ctrl') || (wants.has('Mod') && !isMac)
  const wantsMeta = wants.has('Mod') && isMac
  return (
    event.ctrlKey === wantsCtrl &&
    event.metaKey === wantsMeta &&
    event.shiftKey === wants.has('Shift') &&
    event.altKey === wants.has('Alt') &&
    event.key.toLowerCase() === key.toLowerCase()
  )
}

/** How a shortcut is written on this platform: ⌘⇧E on macOS, Ctrl+Shift+E elsewhere. */
export function shortcutLabel(shortcut: string): string {
  const keys = shortcut.replace('ArrowLeft', '←').replace('ArrowRight', '→')
  if (!isMac) return keys.replace('Mod', 'Ctrl')
  return keys.replace('Mod+', '⌘').replace('Ctrl+', '⌃').replace('Shift+', '⇧').replace('Alt+', '⌥')
}
