/**
 * What the renderer may ask Chromium for. The editor needs writing to the clipboard (Copy); camera, microphone,
 * location, notifications, HID, serial, USB and the rest are refused, both when asked (request) and when a page
 * merely checks whether it has them (check), which Electron would otherwise answer yes.
 */
const allowed = new Set(['clipboard-sanitized-write'])

export const isPermissionAllowed = (permission: string): boolean => allowed.has(permission)
