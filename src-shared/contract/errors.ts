import { z } from 'zod'

/**
 * Every failure that crosses a process boundary is an AppError: a stable code the UI translates,
 * an English message for logs and tests, and details the translation may interpolate.
 */
export const errorCodes = [
  'api.unknownMethod',
  'api.badInput',
  'api.badMessage',
  'api.tooLarge',
  'api.unauthorized',
  'image.empty',
  'image.unsupported',
  'image.corrupt',
  'image.tooManyPixels',
  'image.fileTooLarge',
  'image.isProject',
  'document.notFound',
  'layer.locked',
  'layer.nothingBelow',
  'layer.lastRaster',
  'layer.maskMerge',
  'layer.hidden',
  'layer.empty',
  'layer.noMask',
  'layer.notRaster',
  'layer.changedMeanwhile',
  'edit.whileComparing',
  'project.notFound',
  'project.exists',
  'project.inUse',
  'project.notAFile',
  'project.notSqlite',
  'project.notProject',
  'project.newerSchema',
  'project.damaged',
  'project.readOnly',
  'project.diskFull',
  'project.versionNotFound',
  'dialog.unavailable',
  'project.layerNotFound',
  'compute.crashed',
  'compute.cancelled',
  'compute.failed',
  'fill.emptyMask',
  'fill.noSource',
  'pack.noManifest',
  'pack.badManifest',
  'pack.unknownFamily',
  'pack.pathEscapes',
  'pack.missingFile',
  'pack.checksum',
  'pack.badGraph',
  'pack.download',
  'pack.unreachable',
  'pack.cancelled',
  'pack.exists',
  'pack.notFound',
  'pack.notInstalled',
  'pack.unknownLayout',
  'pack.repoNotFound',
  'pack.gated',
  'pack.diskFull',
  'pack.noComponent',
  'job.notFound',
  'generation.emptyPrompt',
  'generation.emptyMask',
  'generation.maskOutsideLayer',
  'generation.badSize',
  'generation.notRerunnable',
  'generation.noCandidate',
  'generation.canvasChanged',
  'presets.damaged',
  'presets.notFound',
  'warp.noPairs',
  'warp.handleOutsideLayer',
  'warp.handlesOnOnePixel',
  'warp.targetTooFar',
  'warp.notAWarp',
  'segmentation.emptyImage',
  'segmentation.noPrompt',
  'segmentation.pointOutside',
  'batch.badRecipe',
  'batch.stepNotRecordable',
  'batch.stepFailed',
  'batch.outputOverlapsInput',
  'batch.noInputs',
  'batch.notFound',
  'batch.running',
  'batch.otherRecipe',
  'batch.outputNameClash',
  'internal',
] as const
export type ErrorCode = (typeof errorCodes)[number]

export type ErrorDetails = Record<string, string | number>

export const AppErrorShape = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  details: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
})
export type AppErrorData = z.infer<typeof AppErrorShape>

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message)
    this.name = 'AppError'
  }

  toData(): AppErrorData {
    return { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) }
  }

  static fromData(data: AppErrorData): AppError {
    return new AppError(data.code, data.message, data.details)
  }

  /** Anything thrown becomes an AppError; unexpected errors keep their message under 'internal'. */
  static from(error: unknown): AppError {
    if (error instanceof AppError) return error
    const parsed = AppErrorShape.safeParse(error)
    if (parsed.success) return AppError.fromData(parsed.data)
    return new AppError('internal', error instanceof Error ? error.message : String(error))
  }
}

/** What a call answers, on every transport: never a thrown exception, which IPC would strip of its code. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: AppErrorData }
