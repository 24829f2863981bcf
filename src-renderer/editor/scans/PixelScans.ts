import type { Coverage } from '../selection/coverage'
import { scans, type ScanName, type ScanReply } from './scans'

/** The scans as the editor calls them: each answers later, its work done off the window's thread. */
export type PixelScans = { [K in ScanName]: (...args: Parameters<(typeof scans)[K]>) => Promise<Coverage> }

/**
 * The scans in a module Worker (Vite bundles it from the URL below), so a wand click on a 24 MP layer never freezes
 * the window. Where there is no Worker (Node, the editor-core tests) they run at once on the caller's thread. The
 * pixels are copied to the worker (the caller keeps its own) and the answer's are transferred back.
 */
export function createPixelScans(): PixelScans {
  if (typeof Worker === 'undefined') {
    const run = <K extends ScanName>(name: K) => (...args: unknown[]) => Promise.resolve((scans[name] as (...a: unknown[]) => Coverage)(...args))
    return { magicWand: run('magicWand'), placed: run('placed'), alphaOf: run('alphaOf') }
  }
  const worker = new Worker(new URL('./pixelScans.worker.ts', import.meta.url), { type: 'module' })
  const pending = new Map<number, { resolve: (coverage: Coverage) => void; reject: (error: Error) => void }>()
  let nextId = 1
  worker.onmessage = (event: MessageEvent<ScanReply>) => {
    const { id, result, error } = event.data
    const waiting = pending.get(id)
    pending.delete(id)
    if (result) waiting?.resolve(result)
    else waiting?.reject(new Error(error ?? 'The pixel scan failed.'))
  }
  const call = (name: ScanName) => (...args: unknown[]) =>
    new Promise<Coverage>((resolve, reject) => {
      const id = nextId++
      pending.set(id, { resolve, reject })
      worker.postMessage({ id, name, args })
    })
  return { magicWand: call('magicWand'), placed: call('placed'), alphaOf: call('alphaOf') }
}
