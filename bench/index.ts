/** npm run bench: every area's figures as one JSON document on stdout. */
import { benchFoundation } from './foundation'

const results = {
  machine: { cpus: (await import('node:os')).cpus().length, node: process.version, date: new Date().toISOString() },
  foundation: await benchFoundation(),
}
console.log(JSON.stringify(results, null, 2))
