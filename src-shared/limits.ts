/** Limits that protect every process from one bad input. One place, so the UI can say what they are. */

/** Largest image the editor opens: 120 megapixels (about 480 MB as RGBA). */
export const MAX_IMAGE_PIXELS = 120_000_000

/** Largest file accepted for opening. */
export const MAX_FILE_BYTES = 512 * 1024 * 1024

/** Largest single API message over the WebSocket transport: a file at the limit plus its envelope. */
export const MAX_MESSAGE_BYTES = MAX_FILE_BYTES + 1024 * 1024
