/** npm run bench: every area's figures as one JSON document on stdout. */
import { cpus } from 'node:os'
import { benchCanvas } from './canvas'
import { benchDocuments } from './documents'
import { benchFill } from './fill'
import { benchFoundation } from './foundation'
import { benchGeneration } from './generation'
import { benchLayers } from './layers'
import { benchModels } from './models'
import { benchWarp } from './warp'

const results = {
  machine: { cpus: cpus().length, node: process.version, date: new Date().toISOString() },
  foundation: await benchFoundation(),
  documents: await benchDocuments(),
  layers: await benchLayers(),
  canvas: await benchCanvas(),
  models: await benchModels(),
  generation: await benchGeneration(),
  warp: await benchWarp(),
  fill: await benchFill(),
}
console.log(JSON.stringify(results, null, 2))
