import { describe, expect, it } from 'vitest'
import { isPermissionAllowed } from '../../src-main/shell/permissions'

describe('Electron permissions', () => {
  it('allows only writing to the clipboard', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write')).toBe(true)
    for (const permission of ['media', 'geolocation', 'notifications', 'hid', 'serial', 'usb', 'clipboard-read', 'openExternal', 'fileSystem']) {
      expect(isPermissionAllowed(permission)).toBe(false)
    }
  })
})
