import { readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import type { HubSettings as HubSettingsInfo } from '../../../src-shared/contract'
import type { HubAccess } from './hubClient'

export const DEFAULT_HUB = 'https://huggingface.co'

const Saved = z.object({ endpoint: z.string().optional(), token: z.string().optional() })

/**
 * The Hub endpoint (a mirror for users in mainland China; `HF_ENDPOINT` gives the default, as for the Hub's
 * own tools) and the token for gated repos, kept in the user-data folder. The token file is the user's
 * only: written with mode 0600, and never sent back to the page.
 */
export class HubSettings {
  private readonly file: string

  constructor(userDataDir: string) {
    this.file = join(userDataDir, 'hub.json')
  }

  async access(): Promise<HubAccess> {
    const saved = await this.saved()
    const endpoint = saved.endpoint ?? process.env.HF_ENDPOINT ?? DEFAULT_HUB
    const token = saved.token ?? process.env.HF_TOKEN
    return { endpoint, ...(token ? { token } : {}) }
  }

  async info(): Promise<HubSettingsInfo> {
    const { endpoint, token } = await this.access()
    return { endpoint, hasToken: Boolean(token) }
  }

  async set(change: { endpoint?: string; token?: string | null }): Promise<HubSettingsInfo> {
    const next = { ...(await this.saved()) }
    if (change.endpoint !== undefined) next.endpoint = change.endpoint.replace(/\/+$/, '')
    if (change.token === null) delete next.token
    else if (change.token !== undefined) next.token = change.token.trim()
    const temporary = `${this.file}.${process.pid}.tmp`
    await writeFile(temporary, JSON.stringify(next, null, 2), { mode: 0o600 })
    await rename(temporary, this.file)
    return this.info()
  }

  /** A missing or damaged file is no settings: the defaults apply, and the next change writes a good one. */
  private async saved(): Promise<z.infer<typeof Saved>> {
    try {
      return Saved.parse(JSON.parse(await readFile(this.file, 'utf8')))
    } catch {
      return {}
    }
  }
}
