import type { GenerationJobs } from '../generation/GenerationJobs'
import type { GenerationPresets } from '../generation/GenerationPresets'
import type { Handlers } from './dispatch'

type GenerationMethod = Extract<keyof Handlers, `generation.${string}`>

export function generationHandlers(generation: GenerationJobs, presets: GenerationPresets): Pick<Handlers, GenerationMethod> {
  return {
    'generation.edit': (input) => generation.submit({ operation: 'edit', input }),
    'generation.inpaint': (input) => generation.submit({ operation: 'inpaint', input }),
    'generation.outpaint': (input) => generation.submit({ operation: 'outpaint', input }),
    'generation.generate': (input) => generation.submit({ operation: 'generate', input }),
    'generation.rerun': (input) => generation.rerun(input),
    'generation.accept': (input) => generation.accept(input),
    'generation.reveal': async (input) => generation.reveal(input),
    'generation.discard': async (input) => generation.discard(input),
    'generation.staged': async ({ documentId }) => generation.stagedFor(documentId),
    'generation.presets.list': async () => presets.list(),
    'generation.presets.save': async ({ preset }) => presets.save(preset),
    'generation.presets.delete': async ({ name }) => presets.remove(name),
  }
}
