/** The photos field: one file or folder a line; blank lines and surrounding spaces are not paths. */
export function pathsFromText(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
}

/**
 * Paths from what a file manager drops: a `text/uri-list` of file:// URIs (comments start with #), or plain paths.
 * A browser never tells a page where a dropped File lives, but file managers put its URI beside it.
 */
export function pathsFromDrop(uriList: string): string[] {
  return pathsFromText(uriList)
    .filter((line) => !line.startsWith('#'))
    .flatMap((line) => {
      if (!line.startsWith('file://')) return line.startsWith('/') || /^[A-Za-z]:[\\/]/.test(line) ? [line] : []
      const url = new URL(line)
      const path = decodeURIComponent(url.pathname)
      // file:///C:/photos → C:/photos on Windows.
      return [/^\/[A-Za-z]:\//.test(path) ? path.slice(1) : path]
    })
}
