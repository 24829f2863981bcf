import { z } from 'zod'
import { MAX_FILE_BYTES } from '../limits'

/** Raw bytes; Node Buffers count (they are Uint8Arrays). */
export const Bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, { message: 'expected bytes (Uint8Array)' })

export const LayerInfo = z.object({
  id: z.string(),
  name: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
})
export type LayerInfo = z.infer<typeof LayerInfo>

export const DocumentInfo = z.object({
  id: z.string(),
  name: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** How the source was decoded, so the UI can say what happened to it (e.g. 16-bit reduced to 8-bit). */
  source: z.object({
    format: z.string(),
    bitDepth: z.number().int(),
    hadColourProfile: z.boolean(),
    orientation: z.number().int(),
  }),
  layers: z.array(LayerInfo),
})
export type DocumentInfo = z.infer<typeof DocumentInfo>

export const ExportFormat = z.enum(['png', 'jpeg', 'webp'])
export type ExportFormat = z.infer<typeof ExportFormat>

export const documentMethods = {
  'documents.openImage': {
    input: z.object({
      name: z.string().min(1).max(1024),
      bytes: Bytes.refine((b) => b.byteLength <= MAX_FILE_BYTES, { message: 'file too large' }),
    }),
    output: DocumentInfo,
  },
  'documents.close': {
    input: z.object({ documentId: z.string() }),
    output: z.object({}),
  },
  /** A layer's pixels as straight (unpremultiplied) 8-bit RGBA, row-major. */
  'documents.layerPixels': {
    input: z.object({ documentId: z.string(), layerId: z.string() }),
    output: z.object({ width: z.number().int(), height: z.number().int(), rgba: Bytes }),
  },
  'documents.export': {
    input: z.object({
      documentId: z.string(),
      format: ExportFormat,
      /** 1–100, for JPEG and WebP. */
      quality: z.number().int().min(1).max(100).default(90),
    }),
    output: z.object({ fileName: z.string(), mimeType: z.string(), bytes: Bytes }),
  },
} as const
