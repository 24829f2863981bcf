/**
 * The thread that checkpoints the project files their writers hand it (walCheckpoints.ts). Bundled as its own entry
 * (wal-checkpoints.js).
 */
import { parentPort } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { CHECKPOINTING, CLOSED, IDLE, type CheckpointRequest } from './walCheckpoints'

parentPort!.on('message', ({ file, state }: CheckpointRequest) => {
  // A file its writer has closed is left alone: the writer's close, the last, checkpointed it.
  if (Atomics.compareExchange(state, 0, IDLE, CHECKPOINTING) === CLOSED) return
  try {
    const db = new Database(file, { fileMustExist: true })
    try {
      db.pragma('wal_checkpoint(PASSIVE)')
    } finally {
      db.close()
    }
  } catch {
    // A checkpoint that fails costs nothing but time: the WAL keeps every commit, and the next checkpoint or the
    // writer's close copies it back.
  } finally {
    Atomics.store(state, 0, IDLE)
  }
})
