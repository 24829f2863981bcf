import { AppError, type ComponentRole, type PackFamily } from '../../../src-shared/contract'
import { graphSignatures, type TensorRule } from './graphSignatures'
import type { InferenceSession, TensorType, ValueMetadata } from './ort'

/** A graph tensor as the session reports it. */
export interface TensorSlot {
  name: string
  type: TensorType
  shape: ReadonlyArray<number | string>
}

/**
 * How one session fits its family's signature, keyed by each rule's first (canonical) name: pipelines read
 * the real tensor names, dtypes and ranks from here instead of assuming them (model-packs.md: timestep dtype
 * and the VAE encoder's output name differ between exports).
 */
export interface GraphBinding {
  inputs: Record<string, TensorSlot>
  outputs: Record<string, TensorSlot>
}

/** Matches a session's input and output metadata against the family's table; a mismatch is pack.badGraph naming the tensor. */
export function checkGraph(family: PackFamily, role: ComponentRole, session: InferenceSession): GraphBinding {
  const signature = graphSignatures[family][role]
  if (!signature) throw new AppError('pack.badGraph', `A ${family} pack has no ${role} graph.`, { component: role })
  const inputs = bind(role, 'input', signature.inputs, session.inputMetadata)
  const known = new Set(Object.values(inputs).map((slot) => slot.name))
  const extra = session.inputMetadata.find((input) => !known.has(input.name))
  if (extra) {
    throw new AppError('pack.badGraph', `The ${role} graph takes an input "${extra.name}" that a ${family} pipeline does not feed.`, {
      component: role,
      tensor: extra.name,
    })
  }
  return { inputs, outputs: bind(role, 'output', signature.outputs, session.outputMetadata) }
}

function bind(role: ComponentRole, side: 'input' | 'output', rules: TensorRule[], metadata: readonly ValueMetadata[]): Record<string, TensorSlot> {
  const slots: Record<string, TensorSlot> = {}
  for (const rule of rules) {
    const canonical = rule.names[0]!
    const found = metadata.find((value) => rule.names.includes(value.name))
    const details = { component: role, tensor: canonical }
    if (!found) {
      if (rule.optional) continue
      const present = metadata.map((value) => value.name).join(', ')
      throw new AppError('pack.badGraph', `The ${role} graph has no ${side} ${rule.names.join(' or ')} (it has: ${present}).`, details)
    }
    if (!found.isTensor) throw new AppError('pack.badGraph', `The ${role} ${side} ${found.name} is not a tensor.`, details)
    if (!rule.types.includes(found.type)) {
      throw new AppError('pack.badGraph', `The ${role} ${side} ${found.name} is ${found.type}; expected ${rule.types.join(' or ')}.`, details)
    }
    if (!rule.ranks.includes(found.shape.length)) {
      const ranks = rule.ranks.join(' or ')
      throw new AppError('pack.badGraph', `The ${role} ${side} ${found.name} has rank ${found.shape.length}; expected ${ranks}.`, details)
    }
    slots[canonical] = { name: found.name, type: found.type, shape: found.shape }
  }
  return slots
}
