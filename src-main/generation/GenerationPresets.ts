import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { AppError, GenerationPreset } from '../../src-shared/contract'

const PresetFile = z.object({ presets: z.array(GenerationPreset) })
type Presets = { presets: GenerationPreset[] }

/**
 * The parameters panel's saved presets, by name, in the user-data folder (like RuntimeSettings). A damaged
 * file is refused with its path rather than replaced: the user's presets are theirs to mend or delete, so a
 * save never writes over a file that could not be read.
 */
export class GenerationPresets {
  private readonly file: string

  constructor(userDataDir: string) {
    this.file = join(userDataDir, 'generation-presets.json')
  }

  list(): Presets {
    let text: string
    try {
      text = readFileSync(this.file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { presets: [] }
      throw this.damaged((error as Error).message)
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch (error) {
      throw this.damaged((error as Error).message)
    }
    const checked = PresetFile.safeParse(parsed)
    if (!checked.success) throw this.damaged(z.prettifyError(checked.error))
    return checked.data
  }

  /** Saves `preset`, replacing the one of the same name, and answers the list in name order. */
  save(preset: GenerationPreset): Presets {
    const others = this.list().presets.filter((p) => p.name !== preset.name)
    return this.write([...others, preset].sort((a, b) => a.name.localeCompare(b.name)))
  }

  remove(name: string): Presets {
    const { presets } = this.list()
    if (!presets.some((p) => p.name === name)) throw new AppError('presets.notFound', `There is no preset named “${name}”.`, { name })
    return this.write(presets.filter((p) => p.name !== name))
  }

  private write(presets: GenerationPreset[]): Presets {
    // Written aside and renamed over, so a crash mid-write leaves the old file whole.
    const temporary = `${this.file}.${process.pid}.tmp`
    writeFileSync(temporary, JSON.stringify({ presets }, null, 2))
    renameSync(temporary, this.file)
    return { presets }
  }

  private damaged(reason: string): AppError {
    return new AppError('presets.damaged', `The presets file ${this.file} cannot be read (${reason}); it was left as it is.`, { path: this.file })
  }
}
