import { join } from 'node:path'
import { startApi } from '../../fixtures/apiHarness'
import { startFakeHub, type FakeHubOptions } from '../../fixtures/hub/fakeHub'

/**
 * The app's API pointed at a local Hub serving `repos`, with a Hugging Face cache of its own (a test never reads
 * the user's); `close` stops both and removes every folder.
 */
export async function hubApi(prefix: string, hubOptions: FakeHubOptions) {
  const app = startApi(prefix)
  process.env.HF_HUB_CACHE = join(app.dataDir, 'hf-cache')
  const hub = await startFakeHub(hubOptions)
  await app.call('models.setHubSettings', { endpoint: hub.url })
  /** One pixel of the top-left tile of a layer (the first 256×256). */
  const tilePixel = async (documentId: string, layerId: string, x: number, y: number) => {
    const grid = await app.call('layers.tileGrid', { documentId, layerId })
    const { tiles } = await app.call('tiles.read', { documentId, hashes: [grid.tiles[0]!] })
    return [...tiles[0]!.subarray((y * 256 + x) * 4, (y * 256 + x) * 4 + 4)]
  }
  const close = async () => {
    app.close()
    await hub.close()
    delete process.env.HF_HUB_CACHE
  }
  return { ...app, hub, tilePixel, close }
}
