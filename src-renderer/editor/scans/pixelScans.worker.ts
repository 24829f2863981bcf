import { scans, type ScanReply, type ScanRequest } from './scans'

/** The worker's side of postMessage (the DOM's types describe a window's). */
const port = self as unknown as { postMessage(message: ScanReply, transfer?: Transferable[]): void }

/** Runs one scan per message; the result's pixels go back transferred, not copied. */
self.onmessage = (event: MessageEvent<ScanRequest>) => {
  const { id, name, args } = event.data
  try {
    const result = (scans[name] as (...a: unknown[]) => ReturnType<(typeof scans)[typeof name]>)(...args)
    port.postMessage({ id, result }, [result.alpha.buffer])
  } catch (error) {
    port.postMessage({ id, error: String(error) })
  }
}
