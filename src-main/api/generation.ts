import type { GenerationJobs } from '../generation/GenerationJobs'
import type { Handlers } from './dispatch'

type GenerationHandlers = Pick<Handlers, 'generation.edit' | 'generation.inpaint' | 'generation.generate' | 'generation.rerun'>

export function generationHandlers(generation: GenerationJobs): GenerationHandlers {
  return {
    'generation.edit': (input) => generation.masked('edit', input),
    'generation.inpaint': (input) => generation.masked('inpaint', input),
    'generation.generate': (input) => generation.generate(input),
    'generation.rerun': (input) => generation.rerun(input),
  }
}
