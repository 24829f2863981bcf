import { z } from 'zod'
import { Bytes, DocumentInfo, VersionId } from './documents'

export const HistoryEntry = z.object({
  id: VersionId,
  parentId: VersionId.nullable(),
  operation: z.string(),
  prompt: z.string().nullable(),
  createdAt: z.number(),
  hasThumbnail: z.boolean(),
  /** On the path from the first version to the head: the history the user sees as current. */
  onHeadPath: z.boolean(),
  isHead: z.boolean(),
})
export type HistoryEntry = z.infer<typeof HistoryEntry>

export const VersionRecord = z.object({
  id: VersionId,
  parentId: VersionId.nullable(),
  createdAt: z.number(),
  operation: z.string(),
  params: z.record(z.string(), z.unknown()),
  prompt: z.string().optional(),
  negativePrompt: z.string().optional(),
  seed: z.number().optional(),
  modelPack: z.string().optional(),
  engine: z.string().optional(),
  maskRef: z.string().optional(),
  durationMs: z.number().optional(),
})

const documentId = z.object({ documentId: z.string() })
const version = documentId.extend({ versionId: VersionId })

export const historyMethods = {
  /** Every version, newest first, branches included. */
  'history.list': { input: documentId, output: z.array(HistoryEntry) },
  /**
   * Versions whose prompt or negative prompt holds the text (any language), or whose operation is one of
   * `operations`: the renderer owns the labels the rows show, in every interface language, so it sends the
   * operations whose labels hold the text ("drag", "拖拽" → warp) instead of main keeping a copy of them.
   */
  'history.search': {
    input: documentId.extend({ text: z.string().min(1).max(500), operations: z.array(z.string().max(100)).max(200).default([]) }),
    output: z.array(HistoryEntry),
  },
  'history.undo': { input: documentId, output: DocumentInfo },
  'history.redo': { input: documentId, output: DocumentInfo },
  /** Makes any version current again; nothing is deleted. */
  'history.goTo': { input: version, output: DocumentInfo },
  'history.version': { input: version, output: VersionRecord },
  'history.thumbnail': { input: version, output: z.object({ bytes: Bytes.nullable() }) },
  'history.compare': {
    input: documentId.extend({ a: VersionId, b: VersionId }),
    output: z.object({
      added: z.array(z.string()),
      removed: z.array(z.string()),
      changed: z.array(z.object({ layerId: z.string(), properties: z.array(z.string()), tiles: z.array(z.number().int()) })),
    }),
  },
} as const
