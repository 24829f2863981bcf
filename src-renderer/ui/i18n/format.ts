/** Dates and numbers as the interface language writes them, whatever the browser's locale: 20:00:27 in Chinese, 8:00:27 PM in English. */

const formatters = new Map<string, Intl.DateTimeFormat>()

function dateTimeFormat(language: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language} ${JSON.stringify(options)}`
  let format = formatters.get(key)
  if (!format) formatters.set(key, (format = new Intl.DateTimeFormat(language, options)))
  return format
}

/** A history row's time: the time alone today, the date too on an earlier day. */
export function formatVersionTime(language: string, time: number, now = Date.now()): string {
  const today = new Date(now).toDateString() === new Date(time).toDateString()
  return dateTimeFormat(language, today ? { timeStyle: 'medium' } : { dateStyle: 'medium', timeStyle: 'short' }).format(time)
}

/** The moment in full, for a tooltip. */
export function formatFullTime(language: string, time: number): string {
  return dateTimeFormat(language, { dateStyle: 'full', timeStyle: 'medium' }).format(time)
}

export function formatNumber(language: string, value: number, fractionDigits = 0): string {
  return new Intl.NumberFormat(language, { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits }).format(value)
}
