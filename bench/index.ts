/** npm run bench [-- area …]: every area's figures (or the named areas') as one JSON document on stdout. */
import { cpus } from 'node:os'
import { benchBatch } from './batch'
import { benchCanvas } from './canvas'
import { benchDocuments } from './documents'
import { benchFill } from './fill'
import { benchFoundation } from './foundation'
import { benchGeneration } from './generation'
import { benchLayers } from './layers'
import { benchMainThread } from './mainThread'
import { benchModels } from './models'
import { benchSegmentation } from './segmentation'
import { benchWarp } from './warp'

const areas: Record<string, () => Promise<unknown>> = {
  foundation: benchFoundation,
  documents: benchDocuments,
  layers: benchLayers,
  canvas: benchCanvas,
  models: benchModels,
  generation: benchGeneration,
  warp: benchWarp,
  fill: benchFill,
  batch: benchBatch,
  segmentation: benchSegmentation,
  mainThread: benchMainThread,
}

const wanted = process.argv.slice(2)
const unknown = wanted.filter((area) => !(area in areas))
if (unknown.length > 0) {
  console.error(`Unknown bench area ${unknown.join(', ')}; the areas are ${Object.keys(areas).join(', ')}.`)
  process.exit(2)
}

const results: Record<string, unknown> = {
  machine: { cpus: cpus().length, node: process.version, date: new Date().toISOString() },
}
for (const area of wanted.length > 0 ? wanted : Object.keys(areas)) results[area] = await areas[area]!()
console.log(JSON.stringify(results, null, 2))
