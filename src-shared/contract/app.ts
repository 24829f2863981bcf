import { z } from 'zod'

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
} as const
