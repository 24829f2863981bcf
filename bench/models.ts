/**
 * The model runtime's figures on CPU with an oracle Z-Image pack: what a step costs through the compute host
 * against ONNX Runtime's own `session.run` time in the same run, session load time, and the host's memory
 * against the pack's size on disk; and installing a 1 GB pack from a local Hub (modelInstall.ts).
 */
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { ComputeHost } from '../src-main/compute/ComputeHost'
import { forkComputeProcess } from '../src-main/compute/forkComputeProcess'
import type { TensorData } from '../src-main/compute-host/inference/tensors'
import { buildZImagePack, LATENT_CHANNELS, scratchFolder, TEXT_FEATURES } from '../tests/fixtures/oracle'
import { round } from './measure'
import { benchModelInstall } from './modelInstall'

const STEPS = 40
/** A 1024×1024 image's latent is 128×128. */
const LATENT = 128
/** 32 MB of weights, so memory figures are not lost in the runtime's own footprint. */
const BALLAST_FLOATS = 8 * 1024 * 1024

export async function benchModels(entry = 'out/main/compute-host.js', execArgv: string[] = []): Promise<Record<string, unknown>> {
  const scratch = await scratchFolder('bench-models')
  const compute = new ComputeHost(forkComputeProcess(entry, execArgv))
  try {
    const packDir = await buildZImagePack(join(scratch.path, 'z-image'), { ballast: BALLAST_FLOATS })
    const feeds: Record<string, TensorData> = {
      hidden_states: { type: 'float32', dims: [1, LATENT_CHANNELS, 1, LATENT, LATENT], data: new Float32Array(LATENT_CHANNELS * LATENT * LATENT).fill(0.5) },
      timestep: { type: 'float32', dims: [1], data: Float32Array.of(0.3) },
      encoder_hidden_states: { type: 'float32', dims: [1, 4, TEXT_FEATURES], data: new Float32Array(4 * TEXT_FEATURES).fill(0.1) },
    }
    const step = { packDir, role: 'transformer' as const, feeds }
    const idle = await compute.run('inference.sessions', {})
    await compute.run('inference.run', step)
    const { loaded, memory } = await compute.run('inference.sessions', {})
    const session = loaded.find((l) => l.path.endsWith('transformer.onnx'))!

    // The host runs the step loop: progress and a cancel checkpoint between steps, feeds sent once. Loops of
    // 1 and 1 + STEPS steps apart tell the per-step cost from the one-off cost of moving tensors.
    const timedLoop = async (repeat: number) => {
      const start = performance.now()
      const result = await compute.run('inference.run', { ...step, repeat }, { onProgress: () => {} })
      return { wallMs: performance.now() - start, runMs: result.runMs.reduce((a, b) => a + b, 0), provider: result.provider }
    }
    const single = await timedLoop(1)
    const loop = await timedLoop(1 + STEPS)
    const loopMs = loop.wallMs - single.wallMs
    const loopRunMs = loop.runMs - single.runMs

    // Main drives each step: the latent crosses the channel both ways every step.
    let callsMs = 0
    let callsRunMs = 0
    for (let i = 0; i < STEPS; i++) {
      const start = performance.now()
      const { runMs } = await compute.run('inference.run', step)
      callsMs += performance.now() - start
      callsRunMs += runMs[0]!
    }

    const install = await benchModelInstall(compute, join(scratch.path, 'install'))
    return {
      install,
      provider: loop.provider,
      steps: STEPS,
      latent: `${LATENT_CHANNELS}×${LATENT}×${LATENT}`,
      stepLoopInHost: overhead(loopMs, loopRunMs),
      /** Sending the feeds and returning the outputs once, beyond the graph's own time. */
      tensorTransferMs: round(single.wallMs - single.runMs),
      stepPerCallFromMain: overhead(callsMs, callsRunMs),
      sessionLoadMs: round(session.loadMs),
      memory: {
        packBytes: session.bytes,
        idleRssBytes: idle.memory.rss,
        peakRssBytes: memory.peakRss,
        /** What loading the pack added to the host's peak, per byte of pack on disk. */
        addedPerPackByte: round((memory.peakRss - idle.memory.rss) / session.bytes),
      },
    }
  } finally {
    compute.dispose()
    await scratch.remove()
  }
}

/**
 * Wall time per step against `session.run`'s own time per step. The oracle's step is milliseconds where a
 * real transformer's is seconds, so overheadMsPerStep is the figure that carries over; the percentage is
 * for this step size.
 */
function overhead(wallMs: number, runMs: number) {
  return {
    wallMsPerStep: round(wallMs / STEPS, 3),
    sessionRunMsPerStep: round(runMs / STEPS, 3),
    overheadMsPerStep: round((wallMs - runMs) / STEPS, 3),
    overheadPercent: round(((wallMs - runMs) / runMs) * 100),
  }
}
