import type { Action } from './actions'
import type { Editor } from './Editor'

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform)

/** Does a key event match a shortcut such as 'Mod+Shift+E', 'Ctrl+Y' or 'B'? */
export function matchesShortcut(event: KeyboardEvent, shortcut: string): boolean {
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

/**
 * The action a key runs now: the first with that shortcut that can run. Keys like Enter are shared by actions that
 * are never enabled together (apply a drag, close a polygon, commit a transform); undefined when none can run.
 */
export function actionForKey(actions: Action[], event: KeyboardEvent, editor: Editor): Action | undefined {
  return actions.find((action) => action.shortcuts?.some((shortcut) => matchesShortcut(event, shortcut)) && (action.enabled?.(editor) ?? true))
}

/** How a shortcut is written on this platform: ⌘⇧E on macOS, Ctrl+Shift+E elsewhere. */
export function shortcutLabel(shortcut: string): string {
  const keys = shortcut.replace('ArrowLeft', '←').replace('ArrowRight', '→')
  if (!isMac) return keys.replace('Mod', 'Ctrl')
  return keys.replace('Mod+', '⌘').replace('Ctrl+', '⌃').replace('Shift+', '⇧').replace('Alt+', '⌥')
}
