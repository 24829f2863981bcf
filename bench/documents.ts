import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { ProjectStore, type Rect } from '../src-main/documents/project'
import { photoLikeRgba, seededRandom } from '../tests/fixtures/documents/pixels'

const WIDTH = 6000
const HEIGHT = 4000
const BRUSH = 512
const COMMITS = 20
const HISTORY_VERSIONS = 500
const CYCLES = 1000

/**
 * The project store on a 24-megapixel photo: a brush commit, undo and redo with the pixels read back, file growth
 * per edit, opening a 500-version project, and memory over 1000 undo/redo cycles. Each figure sits beside a
 * baseline measured in the same run. Targets: commit/undo/redo < 50 ms, growth < 2×, open < 1 s, flat memory.
 */
export async function benchDocuments(): Promise<Record<string, unknown>> {
  const directory = mkdtempSync(join(tmpdir(), 'bench-documents-'))
  try {
    return run(directory)
  } finally {
    rmSync(directory, { recursive: true, force: true })
  }
}

function run(directory: string): Record<string, unknown> {
  const path = join(directory, 'photo.zproj')
  let store = ProjectStore.create(path, { name: 'photo', width: WIDTH, height: HEIGHT, rgba: photoLikeRgba(WIDTH, HEIGHT) })
  const random = seededRandom(7)
  const strokes: Rect[] = []

  // Commit: a soft round brush stroke over the photo, so the touched tiles stay photo-like.
  const fileBefore = checkpointedSize(path)
  const tileBytesBefore = storedTileBytes(path)
  const commitMs: number[] = []
  const touchedTiles: number[] = []
  for (let i = 0; i < COMMITS; i++) {
    const { rect, rgba } = softStroke(store, random)
    strokes.push(rect)
    commitMs.push(time(() => touchedTiles.push(commit(store, rect, rgba))))
  }
  const growthBytes = checkpointedSize(path) - fileBefore
  const newTileBytes = storedTileBytes(path) - tileBytesBefore

  // Baseline: writing (and reading back) the same compressed tile bytes as one plain file.
  const bytesPerEdit = Math.round(newTileBytes / COMMITS)
  const raw = join(directory, 'raw-tiles.bin')
  const rawWriteMs = median(Array.from({ length: COMMITS }, () => time(() => writeFileSync(raw, Buffer.alloc(bytesPerEdit, 1)))))
  const rawReadMs = median(Array.from({ length: COMMITS }, () => time(() => readFileSync(raw))))

  // Undo and redo, each followed by reading the stroke's region: the pixels the view must repaint.
  const undoMs: number[] = []
  const redoMs: number[] = []
  for (let i = COMMITS - 1; i >= 0; i--) undoMs.push(time(() => (store.undo(), readStroke(store, strokes[i]))))
  for (let i = 0; i < COMMITS; i++) redoMs.push(time(() => (store.redo(), readStroke(store, strokes[i]))))

  // Memory: walk ten versions back and forth, reading pixels each step.
  const memoryAfter10 = cycleUndoRedo(store, strokes, 10, 0)
  const memoryAfter1000 = cycleUndoRedo(store, strokes, CYCLES - 10, 10)

  // Open: grow the history to 500 versions, then time a cold open against a bare SQLite open of the same file.
  while (store.head < HISTORY_VERSIONS) {
    const { rect, rgba } = softStroke(store, random)
    commit(store, rect, rgba)
  }
  store.close()
  const openMs = median(Array.from({ length: 5 }, () => time(() => (store = ProjectStore.open(path)).close())))
  const bareOpenMs = median(
    Array.from({ length: 5 }, () =>
      time(() => {
        const db = new Database(path, { readonly: true })
        db.prepare(`SELECT value FROM meta WHERE key = 'head'`).get()
        db.close()
      }),
    ),
  )
  store = ProjectStore.open(path)
  const openWithHistoryMs = time(() => store.history())
  store.close()

  return {
    layer: `${WIDTH}x${HEIGHT} RGBA`,
    brushCommit: {
      medianMs: median(commitMs),
      maxMs: Math.max(...commitMs),
      tilesTouchedMedian: median(touchedTiles),
      baselineRawWriteMs: rawWriteMs,
      targetMs: 50,
    },
    undoWithPixels: { medianMs: median(undoMs), maxMs: Math.max(...undoMs), baselineRawReadMs: rawReadMs, targetMs: 50 },
    redoWithPixels: { medianMs: median(redoMs), maxMs: Math.max(...redoMs), baselineRawReadMs: rawReadMs, targetMs: 50 },
    growthPerEdit: {
      fileBytes: Math.round(growthBytes / COMMITS),
      compressedTileBytes: bytesPerEdit,
      ratio: round(growthBytes / newTileBytes),
      target: '< 2',
    },
    open500Versions: {
      medianMs: openMs,
      baselineBareSqliteOpenMs: bareOpenMs,
      historyQueryMs: openWithHistoryMs,
      fileMB: round(statSync(path).size / 1e6),
      targetMs: 1000,
    },
    memoryUndoRedo: {
      measure: memoryAfter10.measure,
      after10CyclesMB: memoryAfter10.mb,
      after1000CyclesMB: memoryAfter1000.mb,
      growthRatio: round(memoryAfter1000.mb / memoryAfter10.mb),
      target: 'no growth',
    },
  }
}

function commit(store: ProjectStore, rect: Rect, rgba: Buffer): number {
  const result = store.commitEdit({ operation: 'brush', params: { rect }, layers: [{ layerId: 'background', pixels: { rect, rgba } }] })
  return result.changedTiles[0]?.tiles.length ?? 0
}

/** A 512×512 soft-edged disc of colour blended over the photo at a random place. */
function softStroke(store: ProjectStore, random: () => number): { rect: Rect; rgba: Buffer } {
  const rect = {
    x: Math.floor(random() * (WIDTH - BRUSH)),
    y: Math.floor(random() * (HEIGHT - BRUSH)),
    width: BRUSH,
    height: BRUSH,
  }
  const { rgba } = store.readRegion(store.head, 'background', rect)
  const colour = [random() * 255, random() * 255, random() * 255]
  for (let y = 0; y < BRUSH; y++) {
    for (let x = 0; x < BRUSH; x++) {
      const distance = Math.hypot(x - BRUSH / 2, y - BRUSH / 2)
      const alpha = Math.min(1, Math.max(0, (BRUSH / 2 - distance) / 48))
      const i = (y * BRUSH + x) * 4
      for (let c = 0; c < 3; c++) rgba[i + c] = Math.round(rgba[i + c] * (1 - alpha) + colour[c] * alpha)
    }
  }
  return { rect, rgba }
}

function readStroke(store: ProjectStore, rect: Rect): void {
  store.readRegion(store.head, 'background', rect)
}

function cycleUndoRedo(store: ProjectStore, strokes: Rect[], cycles: number, offset: number) {
  const depth = 10
  for (let cycle = 0; cycle < cycles; cycle++) {
    const stroke = strokes[strokes.length - 1 - ((cycle + offset) % depth)]
    store.undo()
    readStroke(store, stroke)
    store.redo()
    readStroke(store, stroke)
    if ((cycle + offset) % depth === depth - 1) for (let i = 0; i < depth; i++) store.undo()
    if ((cycle + offset) % depth === depth - 1) for (let i = 0; i < depth; i++) store.redo()
  }
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc) {
    gc()
    return { measure: 'heapUsed+external after gc', mb: round((process.memoryUsage().heapUsed + process.memoryUsage().external) / 1e6) }
  }
  return { measure: 'rss', mb: round(process.memoryUsage().rss / 1e6) }
}

function checkpointedSize(path: string): number {
  const db = new Database(path)
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
  return statSync(path).size
}

function storedTileBytes(path: string): number {
  const db = new Database(path, { readonly: true })
  const bytes = db.prepare('SELECT total(length(pixels)) FROM tiles').pluck().get() as number
  db.close()
  return bytes
}

function time(action: () => unknown): number {
  const start = performance.now()
  action()
  return round(performance.now() - start)
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

function round(value: number): number {
  return Math.round(value * 100) / 100
}
