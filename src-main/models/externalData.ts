import { readFile, stat } from 'node:fs/promises'
import { dirname, join, normalize } from 'node:path'
import onnxProto from 'onnx-proto'
import { AppError } from '../../src-shared/contract'

const { onnx } = onnxProto

/** A graph this big keeps its weights inline: exporters move them out past 2 GB (model-packs.md), so it names no sidecar. */
const INLINE_GRAPH_BYTES = 512 * 2 ** 20

/**
 * The external-data files a graph's initializers name (TensorProto.external_data `location`), relative to the
 * graph's folder, as the ONNX format defines them.
 */
export async function externalDataFiles(graphFile: string): Promise<string[]> {
  if ((await stat(graphFile)).size > INLINE_GRAPH_BYTES) return []
  const model = onnx.ModelProto.decode(await readFile(graphFile))
  const locations = new Set<string>()
  const tensors = [...(model.graph?.initializer ?? []), ...(model.graph?.sparseInitializer ?? []).flatMap((s) => [s.values, s.indices])]
  for (const tensor of tensors) {
    for (const entry of tensor?.externalData ?? []) if (entry.key === 'location' && entry.value) locations.add(entry.value)
  }
  return [...locations]
}

/** Refuses a pack whose graph names an external-data file the pack does not hold, naming both. */
export async function checkExternalData(packDir: string, graphs: string[], files: Set<string>): Promise<void> {
  for (const graph of graphs) {
    for (const location of await externalDataFiles(join(packDir, graph))) {
      const path = normalize(join(dirname(graph), location)).split('\\').join('/')
      if (!files.has(path)) {
        throw new AppError('pack.missingFile', `${graph} keeps its weights in ${location}, which the repo does not have.`, { path, component: graph })
      }
    }
  }
}
