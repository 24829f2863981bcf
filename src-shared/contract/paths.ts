import { z } from 'zod'

/**
 * The one place a path or file name crossing the API is checked. Pure string rules (the renderer imports this too),
 * so no node:path: a path is checked as written, never resolved against the server's working folder.
 */

/** C strings end at NUL: "a\0b.png" would become a file "a". */
const hasNul = (text: string) => text.includes('\0')

/** POSIX `/…`, Windows `C:\…` or `C:/…`, or a UNC `\\server\share…`. */
export const isAbsolutePath = (path: string) => /^(\/|[A-Za-z]:[\\/]|\\\\[^\\])/.test(path)

/** Writing to `photos/` would make a file named `photos`; a path to a file never ends in a separator. */
const endsInSeparator = (path: string) => /[\\/]$/.test(path)

/** An absolute path to a file: no NUL, no trailing separator. */
export const FilePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((path) => !hasNul(path), { message: 'a path may not contain a NUL byte' })
  .refine(isAbsolutePath, { message: 'the path must be absolute' })
  .refine((path) => !endsInSeparator(path), { message: 'the path must name a file, not end in a separator' })

/** One file name, no folders: no separators, no NUL, not `.` or `..`. */
export const FileName = z
  .string()
  .min(1)
  .max(255)
  .refine((name) => !hasNul(name), { message: 'a file name may not contain a NUL byte' })
  .refine((name) => !/[\\/]/.test(name), { message: 'a file name may not contain a separator' })
  .refine((name) => name !== '.' && name !== '..', { message: 'a file name may not be . or ..' })

/**
 * A download name for a document: its name (an older project may hold any text, "../../x.png" included) without its
 * extension, reduced to a plain FileName, with `extension` added.
 */
export function exportFileName(documentName: string, extension: string): string {
  const lastPart = documentName.split(/[\\/]/).pop() ?? ''
  // Control characters (NUL among them) make names other programs mangle or truncate.
  const cleaned = lastPart.replace(/[\u0000-\u001f\u007f]/g, '').trim()
  const dot = cleaned.lastIndexOf('.')
  const stem = (dot > 0 ? cleaned.slice(0, dot) : cleaned).replace(/^\.+$/, '').slice(0, 200)
  return `${stem || 'untitled'}.${extension}`
}
