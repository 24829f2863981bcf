import type Database from 'better-sqlite3'
import { Worker } from 'node:worker_threads'

/** What the checkpoint thread is sent: a file to checkpoint, and the state it shares with the file's writer. */
export interface CheckpointRequest {
  file: string
  /** One Int32: IDLE, or CHECKPOINTING while the thread has the file open, or CLOSED once the writer has closed it. */
  state: Int32Array
}

export const IDLE = 0
export const CHECKPOINTING = 1
export const CLOSED = 2

/** The writes after which a checkpoint is asked for: SQLite's own rhythm (1000 pages of 4 KB). */
const CHECKPOINT_BYTES = 4 * 1024 * 1024

let thread: Worker | undefined

/**
 * The WAL checkpoints of one project file, run on a thread of their own. SQLite copies the WAL back into the database
 * (with two fsyncs) in whichever commit takes it past 1000 pages, on the committing thread: on main's, 15–50 ms at a
 * time in the middle of the mainThread bench's crop, and 290 under other disk load. The writer turns that
 * off and tells this what it wrote; every few megabytes the thread opens the file, checkpoints it passively (which
 * blocks neither the writer nor the compute host's readers) and closes it again.
 */
export class WalCheckpoints {
  private readonly state = new Int32Array(new SharedArrayBuffer(4))
  private written = 0

  constructor(
    db: Database.Database,
    private readonly file: string,
  ) {
    db.pragma('wal_autocheckpoint = 0')
  }

  /** After a write transaction of about `bytes`. */
  wrote(bytes: number): void {
    this.written += bytes
    if (this.written < CHECKPOINT_BYTES) return
    this.written = 0
    checkpointThread().postMessage({ file: this.file, state: this.state } satisfies CheckpointRequest)
  }

  /**
   * Before the writer closes: waits out a checkpoint in progress and stops those asked for, so the writer's connection
   * is the file's last, whose close checkpoints what is left and removes the WAL, as SQLite's own rhythm did.
   */
  close(): void {
    // A spin, not Atomics.wait (which Electron's main thread may not call), for the rest of one checkpoint at most.
    while (Atomics.compareExchange(this.state, 0, IDLE, CLOSED) === CHECKPOINTING) {
      // The thread is copying the WAL back: wait for it to close the file.
    }
  }
}

/** Started with the first checkpoint and kept, as bandPool.ts starts its threads; idle, it keeps no process alive. */
function checkpointThread(): Worker {
  if (thread) return thread
  const here = import.meta.url
  thread = here.endsWith('.ts')
    ? new Worker(
        `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(new URL('./walCheckpointWorker.ts', here).href)}) })`,
        { eval: true },
      )
    : new Worker(new URL('./wal-checkpoints.js', here))
  thread.unref()
  // A thread that could not start leaves the WAL to the writers' closes, which lose nothing; the next asks afresh.
  thread.on('error', () => (thread = undefined))
  return thread
}
