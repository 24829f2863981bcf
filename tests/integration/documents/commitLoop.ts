/**
 * The victim of the crash test: commits brush strokes forever and prints each version id once its commit returned.
 * Usage: node --import tsx commitLoop.ts <project path>. Each stroke is noise from a seed kept in the version's
 * params, so the test can recompute exactly what the head's pixels must be.
 */
import { ProjectStore } from '../../../src-main/documents/project'
import { strokeAt } from './strokes'

const store = ProjectStore.open(process.argv[2])
for (let seed = Date.now() % 100_000; ; seed++) {
  const stroke = strokeAt(seed)
  const { versionId } = store.commitEdit({
    operation: 'brush',
    params: { seed },
    layers: [{ layerId: 'background', pixels: stroke }],
  })
  process.stdout.write(`${versionId}\n`)
}
