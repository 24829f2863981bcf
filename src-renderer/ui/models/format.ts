import type { TFunction } from 'i18next'
import type { PackFeature } from '../../../src-shared/contract'

/** Bytes in the units a file manager shows (powers of 1024, one decimal). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`
}

/** "1 min 20 s left", in the interface language; unknown until a speed is known. */
export function timeLeft(t: TFunction, seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return t('models.left.unknown')
  const whole = Math.ceil(seconds)
  if (whole < 60) return t('models.left.seconds', { seconds: whole })
  if (whole < 3600) return t('models.left.minutes', { minutes: Math.floor(whole / 60), seconds: whole % 60 })
  return t('models.left.hours', { hours: Math.floor(whole / 3600), minutes: Math.floor((whole % 3600) / 60) })
}

/** "Edit, Inpaint and Outpaint" / "编辑、局部重绘和外扩绘制": feature names joined as the language joins a list. */
export function featureList(t: TFunction, language: string, features: readonly PackFeature[]): string {
  return new Intl.ListFormat(language, { type: 'conjunction' }).format(features.map((feature) => t(`models.feature.${feature}`)))
}

/** Sentences run together as the language writes them: with a space in English, none after Chinese full stops. */
export function sentences(language: string, parts: string[]): string {
  return parts.filter(Boolean).join(language.startsWith('zh') ? '' : ' ')
}
