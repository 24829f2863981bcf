import type { RemovalJobs } from '../removal/RemovalJobs'
import type { Handlers } from './dispatch'

export function removalHandlers(removal: RemovalJobs): Pick<Handlers, 'removal.remove'> {
  return { 'removal.remove': (input) => removal.remove(input) }
}
