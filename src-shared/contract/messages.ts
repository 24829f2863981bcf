import { z } from 'zod'
import { AppErrorShape } from './errors'

/** Envelopes on the WebSocket transport. Electron IPC carries the same call and reply, framed by Electron. */
export const ClientMessage = z.object({
  kind: z.literal('call'),
  id: z.number().int().nonnegative(),
  method: z.string(),
  input: z.unknown(),
})
export type ClientMessage = z.infer<typeof ClientMessage>

export const ReplyShape = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: AppErrorShape }),
])

export type ServerMessage =
  | { kind: 'reply'; id: number; reply: z.infer<typeof ReplyShape> }
  | { kind: 'event'; name: string; payload: unknown }
  /** A message that could not be read as a call at all, so there is no id to reply to. */
  | { kind: 'rejected'; error: z.infer<typeof AppErrorShape> }
