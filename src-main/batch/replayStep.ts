import { randomInt } from 'node:crypto'
import { AppError, type DocumentInfo, type GenerationMask, type MethodInput, type MethodName, type MethodOutput, type RecipeStep } from '../../src-shared/contract'
import { fromRelativeMask, fromRelativeRect } from './relativeGeometry'

export type Call = <M extends MethodName>(method: M, input: MethodInput<M>) => Promise<MethodOutput<M>>

/** What a step needs from its worker: the API's calls, and a wait for a job to end (its error thrown). */
export interface StepContext {
  call: Call
  document(): Promise<DocumentInfo>
  job(jobId: string): Promise<void>
}

/**
 * Applies one recipe step to the open document through the API the app's own panels call, so a batch runs the very
 * removal, generation and canvas code a hand edit runs.
 */
export async function replayStep(step: RecipeStep, documentId: string, context: StepContext): Promise<void> {
  const { call } = context
  const document = await context.document()
  const layerAt = (index: number) => {
    const layer = document.layers[index]
    if (!layer) throw new AppError('batch.stepFailed', `The step works on layer ${index + 1}, and this photo has ${document.layers.length} at that point.`, { layer: index })
    return layer
  }
  switch (step.op) {
    case 'remove': {
      const layer = layerAt(step.layer)
      const mask = inLayer(await fromRelativeMask(step.mask, document), layer)
      const { jobId } = await call('removal.remove', { documentId, layerId: layer.id, mask, engine: step.engine, grow: step.grow, seed: step.seed })
      return context.job(jobId)
    }
    case 'edit':
    case 'inpaint': {
      const layer = layerAt(step.layer)
      const mask = inLayer(await fromRelativeMask(step.mask, document), layer)
      const seed = step.seed.policy === 'fixed' ? step.seed.seed : randomInt(0x100000000)
      const { op, layer: _index, mask: _mask, seed: _seed, ...sampling } = step
      const { jobId } = await call(op === 'edit' ? 'generation.edit' : 'generation.inpaint', { ...sampling, documentId, layerId: layer.id, mask, seed, count: 1 })
      await context.job(jobId)
      // A single result the safety checker flags is staged, not committed: the photo has no edit to export.
      if ((await context.document()).head === document.head) throw new AppError('batch.stepFailed', 'The pack’s safety checker flagged the result, so it was not applied.')
      return
    }
    case 'canvas':
      await call('documents.resizeCanvas', { documentId, rect: fromRelativeRect(step.rect, document) })
      return
    case 'padToAspect': {
      const { width, height } = document
      const grown = width / height < step.aspect ? { width: Math.round(height * step.aspect), height } : { width, height: Math.round(width / step.aspect) }
      const rect = { x: -Math.round((grown.width - width) * step.align.x), y: -Math.round((grown.height - height) * step.align.y), ...grown }
      await call('documents.resizeCanvas', { documentId, rect })
      return
    }
    case 'layer.add':
      await call('layers.add', { documentId, kind: step.kind, name: step.name, position: Math.min(step.position, document.layers.length) })
      return
    case 'layer.update':
      await call('layers.update', { documentId, layerId: layerAt(step.layer).id, changes: step.changes })
      return
    case 'layer.duplicate':
      await call('layers.duplicate', { documentId, layerId: layerAt(step.layer).id })
      return
    case 'layer.remove':
      await call('layers.remove', { documentId, layerId: layerAt(step.layer).id })
      return
    case 'layer.mergeDown':
      await call('layers.mergeDown', { documentId, layerId: layerAt(step.layer).id })
      return
    case 'layer.move':
      await call('layers.move', { documentId, layerId: layerAt(step.layer).id, position: Math.min(step.to, document.layers.length - 1) })
      return
    case 'layer.flatten':
      await call('layers.flatten', { documentId })
  }
}

/** A mask in document pixels moved into the layer's own, as the API takes it. */
const inLayer = (mask: GenerationMask, layer: { offsetX: number; offsetY: number }): GenerationMask => ({
  ...mask,
  rect: { ...mask.rect, x: mask.rect.x - layer.offsetX, y: mask.rect.y - layer.offsetY },
})
