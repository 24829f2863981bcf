import { z } from 'zod'
import { appMethods } from './app'
import { batchEvents, batchMethods } from './batch'
import { documentMethods } from './documents'
import { generationEvents, generationMethods } from './generation'
import { historyMethods } from './history'
import { jobEvents, jobMethods } from './jobs'
import { layerMethods } from './layers'
import { modelEvents, modelMethods } from './models'
import { removalMethods } from './removal'
import { segmentationMethods } from './segmentation'
import { warpMethods } from './warp'

export * from './errors'
export * from './batch'
export * from './documents'
export * from './generation'
export * from './history'
export * from './jobs'
export * from './layers'
export * from './models'
export * from './segmentation'
export * from './warp'
export * from './paths'

/** The one API between the renderer and main: every method's input and output schema. */
export const methods = { ...appMethods, ...documentMethods, ...layerMethods, ...historyMethods, ...jobMethods, ...modelMethods, ...generationMethods, ...warpMethods, ...removalMethods, ...segmentationMethods, ...batchMethods } as const

/** Events main pushes to the renderer. */
export const events = { ...jobEvents, ...modelEvents, ...generationEvents, ...batchEvents } as const

export type Methods = typeof methods
export type MethodName = keyof Methods
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>
export type EventName = keyof typeof events
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>

export const methodNames = Object.keys(methods) as MethodName[]

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(methods, name)
}
