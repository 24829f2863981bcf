/**
 * Generation's figures on CPU with an oracle Z-Image pack: an inpaint of a 600×400 mask in a 4000×3000 photo
 * through main (crop around the mask, working size, paste inside the feathered mask, commit), its total time
 * against the pipeline's own model time, and the naive alternative — the whole photo resized to the working
 * size and back — for time and for the pixels it changes outside the mask; and main's event-loop delay during an
 * inpaint of the whole photo, beside an idle second.
 */
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { ComputeHost } from '../src-main/compute/ComputeHost'
import { forkComputeProcess } from '../src-main/compute/forkComputeProcess'
import { OpenProjects } from '../src-main/documents/OpenProjects'
import { GenerationJobs } from '../src-main/generation/GenerationJobs'
import type { StagedResult } from '../src-main/generation/generationPlan'
import { StagedCandidates } from '../src-main/generation/StagedCandidates'
import { resizeMask, resizeRgba } from '../src-main/imaging/resample'
import { workingSize } from '../src-main/generation/workingSize'
import { DocumentJobs } from '../src-main/jobs/documentJob'
import { JobQueue } from '../src-main/jobs/JobQueue'
import { readManifest } from '../src-main/models/manifest'
import { computePackRuntime } from '../src-main/models/computePackRuntime'
import { ModelManager } from '../src-main/models/ModelManager'
import { HubSettings } from '../src-main/models/hub/HubSettings'
import { photoLikeRgba } from '../tests/fixtures/documents/pixels'
import { buildZImagePack, scratchFolder } from '../tests/fixtures/oracle'
import { loopDelay, round } from './measure'

const [WIDTH, HEIGHT] = [4000, 3000]
const MASK = { x: 1700, y: 1300, width: 600, height: 400 }

export async function benchGeneration(entry = 'out/main/compute-host.js', execArgv: string[] = []): Promise<Record<string, unknown>> {
  const scratch = await scratchFolder('bench-generation')
  const compute = new ComputeHost(forkComputeProcess(entry, execArgv))
  const projects = new OpenProjects({ projectsDir: join(scratch.path, 'projects'), userDataDir: scratch.path })
  try {
    const modelsDir = join(scratch.path, 'models')
    const packDir = await buildZImagePack(join(modelsDir, 'z-image-turbo-oracle'))
    const jobs = new JobQueue(compute)
    const models = new ModelManager(modelsDir, computePackRuntime(compute), new HubSettings(modelsDir))
    const staging = new StagedCandidates<StagedResult>(() => projects.list().map((document) => document.id))
    const generation = new GenerationJobs(projects, new DocumentJobs(projects, jobs, { models, emit: () => {}, staging }), staging)
    const rgba = photoLikeRgba(WIDTH, HEIGHT)
    const source = { format: 'png', bitDepth: 8, hadColourProfile: false, orientation: 1 }
    const documentId = projects.createFromImage('bench.png', { width: WIDTH, height: HEIGHT, rgba, source }, Buffer.alloc(0)).id
    const store = projects.store(documentId)
    const alpha = ellipse(MASK.width, MASK.height)
    const request = { documentId, layerId: 'background', mask: { rect: MASK, alpha }, prompt: 'a red sofa', negativePrompt: '', family: 'z-image' as const, seed: 1, feather: 8, strength: 1, count: 1 }

    // Warm-up: sessions load once per host, as in the app after the first edit.
    await finished(jobs, (await generation.submit({ operation: 'inpaint', input: request })).jobId)
    const start = performance.now()
    await finished(jobs, (await generation.submit({ operation: 'inpaint', input: { ...request, seed: 2 } })).jobId)
    const editMs = performance.now() - start
    const version = store.version(store.head)
    const modelMs = (version.params as { modelMs: number }).modelMs
    const after = store.readLayer(store.head, 'background').rgba

    // A batch of 3 of the same inpaint: staged (a PNG preview each), not committed.
    const batchStart = performance.now()
    await finished(jobs, (await generation.submit({ operation: 'inpaint', input: { ...request, seed: 10, count: 3 } })).jobId)
    const batchMs = performance.now() - batchStart

    // Outpaint 512 px on the right: the fill is a layer of its own, so the photo's layer keeps its bytes.
    const outpaintStart = performance.now()
    const extend = { left: 0, top: 0, right: 512, bottom: 0 }
    await finished(jobs, (await generation.submit({ operation: 'outpaint', input: { ...request, seed: 3, extend, seam: 32 } })).jobId)
    const outpaintMs = performance.now() - outpaintStart
    const outpainted = store.version(store.head)
    const outpaintModelMs = (outpainted.params as { modelMs: number }).modelMs

    // An inpaint of the whole photo: main's event loop while it runs, beside an idle second in the same run (what the
    // model sees is read and resized, and the result pasted and tiled, in the compute host).
    const idle = await loopDelay(() => new Promise((resolve) => setTimeout(resolve, 1000)))
    const wholeMask = { rect: { x: 0, y: 0, width: WIDTH, height: HEIGHT }, alpha: new Uint8Array(WIDTH * HEIGHT).fill(255) }
    const wholePhoto = await loopDelay(async () => finished(jobs, (await generation.submit({ operation: 'inpaint', input: { ...request, mask: wholeMask, seed: 4 } })).jobId))

    // Naive: the whole photo at the working size, the result scaled back over all of it.
    const manifest = await readManifest(packDir)
    const whole = { width: WIDTH, height: HEIGHT }
    const naiveSize = workingSize(whole, manifest)
    const naiveStart = performance.now()
    const fullMask = new Uint8Array(WIDTH * HEIGHT)
    for (let y = 0; y < MASK.height; y++) fullMask.set(alpha.subarray(y * MASK.width, (y + 1) * MASK.width), (MASK.y + y) * WIDTH + MASK.x)
    const naive = await compute.run('pipelines.generate', {
      packDir,
      prompt: 'a red sofa',
      negativePrompt: '',
      seed: 2,
      steps: 8,
      guidance: 0,
      strength: 1,
      ...naiveSize,
      image: await resizeRgba(rgba, whole, naiveSize),
      mask: await resizeMask(fullMask, whole, naiveSize),
    })
    const naiveResult = await resizeRgba(naive.rgba, naiveSize, whole)
    const naiveMs = performance.now() - naiveStart

    return {
      photo: `${WIDTH}×${HEIGHT}`,
      mask: `${MASK.width}×${MASK.height}`,
      workingSize: version.params.size,
      cropped: {
        totalMs: round(editMs),
        modelMs,
        /** Everything that is not the model: crop, resizes, host round trip, paste, commit. */
        overheadRatio: round((editMs - modelMs) / modelMs),
        changedOutsideMask: changedOutside(rgba, after, fullMask),
      },
      batchOf3: {
        totalMs: round(batchMs),
        /** Against three single edits' time: the staging (previews) costs this much more. */
        ratioToThreeSingleEdits: round(batchMs / (3 * editMs)),
      },
      outpaintRight512: {
        workingSize: outpainted.params.size,
        totalMs: round(outpaintMs),
        modelMs: outpaintModelMs,
        overheadRatio: round((outpaintMs - outpaintModelMs) / outpaintModelMs),
        photoLayerUnchanged: store.readLayer(store.head, 'background').rgba.equals(after),
      },
      wholePhotoInpaintEventLoop: { idle, inpaint: wholePhoto },
      naiveWholeImage: {
        workingSize: naiveSize,
        totalMs: round(naiveMs),
        modelMs: round(naive.modelMs),
        changedOutsideMask: changedOutside(rgba, naiveResult, fullMask),
        /** Pixels of the mask's own area the model saw: the detail the naive resize throws away. */
        maskPixelsAtWorkingSize: Math.round((MASK.width * MASK.height * naiveSize.width * naiveSize.height) / (WIDTH * HEIGHT)),
      },
    }
  } finally {
    projects.closeAll()
    compute.dispose()
    await scratch.remove()
  }
}

function ellipse(width: number, height: number): Uint8Array {
  return new Uint8Array(width * height).map((_, i) => {
    const [dx, dy] = [((i % width) + 0.5) / width - 0.5, (Math.floor(i / width) + 0.5) / height - 0.5]
    return dx * dx + dy * dy <= 0.25 ? 255 : 0
  })
}

function changedOutside(before: Uint8Array, after: Uint8Array, mask: Uint8Array): number {
  let changed = 0
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] === 0 && (before[i * 4] !== after[i * 4] || before[i * 4 + 1] !== after[i * 4 + 1] || before[i * 4 + 2] !== after[i * 4 + 2])) changed++
  }
  return changed
}

async function finished(jobs: JobQueue, jobId: string): Promise<void> {
  for (;;) {
    const job = jobs.list().find((j) => j.id === jobId)!
    if (job.state === 'done') return
    if (job.state === 'failed' || job.state === 'cancelled') throw new Error(job.error?.message ?? job.state)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
