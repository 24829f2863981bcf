import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { providerChoices, type RuntimeInfo } from '../../src-shared/contract'
import type { ComputeHost } from '../compute/ComputeHost'
import type { ModelManager } from './ModelManager'

type Settings = Partial<Pick<RuntimeInfo, 'provider' | 'budgetBytes'>>

/**
 * The user's execution-provider override and memory budget: kept in the user-data folder and given to every
 * compute host before its first job, so neither an app restart nor a host restart forgets them.
 */
export class RuntimeSettings {
  private readonly file: string
  private settings: Settings

  constructor(
    userDataDir: string,
    private readonly compute: ComputeHost,
    private readonly models: ModelManager,
  ) {
    this.file = join(userDataDir, 'runtime.json')
    this.settings = readSettings(this.file)
    this.compute.configureEachStart('inference.sessions', { runtime: this.settings })
  }

  async set(change: Settings): Promise<RuntimeInfo> {
    this.settings = { ...this.settings, ...change }
    const temporary = `${this.file}.${process.pid}.tmp`
    writeFileSync(temporary, JSON.stringify(this.settings, null, 2))
    renameSync(temporary, this.file)
    this.compute.configureEachStart('inference.sessions', { runtime: this.settings })
    return this.info()
  }

  async info(): Promise<RuntimeInfo> {
    const report = await this.compute.run('inference.sessions', { runtime: this.settings })
    const packs = await this.models.list()
    const packOf = (file: string) =>
      packs.find((pack) => {
        const inside = relative(this.models.packDir(pack.id), file)
        return inside !== '' && !inside.startsWith('..') && !inside.startsWith(sep)
      })?.id
    return {
      provider: report.runtime.provider,
      budgetBytes: report.runtime.budgetBytes,
      loaded: report.loaded.map(({ path, provider }) => ({ file: path, provider, ...(packOf(path) ? { packId: packOf(path) } : {}) })),
    }
  }
}

/** A missing or damaged settings file means the defaults: it is a preference, never worth refusing to start. */
function readSettings(file: string): Settings {
  try {
    const { provider, budgetBytes } = JSON.parse(readFileSync(file, 'utf8')) as Settings
    return {
      ...((providerChoices as readonly unknown[]).includes(provider) ? { provider } : {}),
      ...(Number.isSafeInteger(budgetBytes) && budgetBytes! > 0 ? { budgetBytes } : {}),
    }
  } catch {
    return {}
  }
}
