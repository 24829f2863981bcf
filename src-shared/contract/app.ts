import { z } from 'zod'
import { Bytes } from './documents'

export const appMethods = {
  'app.info': {
    input: z.object({}),
    output: z.object({
      version: z.string(),
      /** 'desktop' under Electron, 'web' when served to a browser. */
      mode: z.enum(['desktop', 'web']),
      platform: z.string(),
    }),
  },
  /** Returns its bytes: measures the transport (bench) and checks a connection end to end. */
  'diagnostics.echo': {
    input: z.object({ bytes: Bytes }),
    output: z.object({ bytes: Bytes }),
  },
} as const
