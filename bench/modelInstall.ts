/**
 * Installing a 1 GB pack from a local server that answers like the Hub (list, recognise, download, hash, check
 * its graphs, move into place), against a plain download and a plain copy of the same bytes in the same run;
 * and the installer's SHA-256 throughput against coreutils' sha256sum on the same file.
 */
import { execFileSync } from 'node:child_process'
import { copyFile, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createWriteStream } from 'node:fs'
import type { ComputeHost } from '../src-main/compute/ComputeHost'
import { computePackRuntime } from '../src-main/models/computePackRuntime'
import { HubSettings } from '../src-main/models/hub/HubSettings'
import { listRepo } from '../src-main/models/hub/hubClient'
import { ModelManager } from '../src-main/models/ModelManager'
import { fileHashes } from '../src-main/models/verifyFiles'
import { startFakeHub } from '../tests/fixtures/hub/fakeHub'
import { tongyiZImageTurbo, webnnZImageTurbo } from '../tests/fixtures/hub/publicRepos'
import type { HubRepo, RepoFile } from '../tests/fixtures/hub/repoIndex'
import { round } from './measure'

/** Floats of ballast in the transformer's sidecar: 1 GiB. */
const BALLAST_FLOATS = 256 * 1024 * 1024

export async function benchModelInstall(compute: ComputeHost, scratch: string): Promise<Record<string, unknown>> {
  const repo = await onDisk(webnnZImageTurbo({ ballast: BALLAST_FLOATS }), join(scratch, 'served'))
  const hub = await startFakeHub({ repos: [repo, tongyiZImageTurbo()] })
  try {
    const userData = join(scratch, 'user')
    await mkdir(userData, { recursive: true })
    const settings = new HubSettings(userData)
    await settings.set({ endpoint: hub.url })
    process.env.HF_HUB_CACHE = join(scratch, 'empty-cache')

    const phases: Record<string, number> = {}
    const models = new ModelManager(join(scratch, 'models'), computePackRuntime(compute), settings, (p) => {
      if (p.bytesDone === p.bytesTotal) phases[p.phase] = performance.now()
    })
    const start = performance.now()
    const pack = await models.installFromHub('webnn/Z-Image-Turbo')
    const installMs = performance.now() - start

    // The same files fetched by plain HTTP into files: no listing, hashing or graph check.
    const listing = await listRepo({ endpoint: hub.url }, 'webnn/Z-Image-Turbo')
    const plainDir = join(scratch, 'plain')
    const downloadStart = performance.now()
    for (const path of pack.files.filter((f) => !f.includes('--'))) {
      const target = join(plainDir, path)
      await mkdir(join(target, '..'), { recursive: true })
      const response = await fetch(listing.url!(path))
      await pipeline(Readable.fromWeb(response.body as never), createWriteStream(target))
    }
    const plainDownloadMs = performance.now() - downloadStart

    const copyStart = performance.now()
    for (const path of pack.files.filter((f) => !f.includes('--'))) {
      await mkdir(join(scratch, 'copy', path, '..'), { recursive: true })
      await copyFile(join(plainDir, path), join(scratch, 'copy', path))
    }
    const plainCopyMs = performance.now() - copyStart

    const big = join(plainDir, 'onnx/transformer_model_q4f16.onnx_data')
    const hashStart = performance.now()
    await fileHashes(big)
    const oursHashMs = performance.now() - hashStart
    const sumStart = performance.now()
    execFileSync('sha256sum', [big])
    const sha256sumMs = performance.now() - sumStart

    const bytes = pack.sizeOnDisk
    const mbps = (ms: number) => round(bytes / 2 ** 20 / (ms / 1000))
    return {
      packBytes: bytes,
      install: {
        ms: round(installMs),
        downloadedAtMs: round((phases.download ?? start) - start),
        hashedAtMs: round((phases.verify ?? start) - start),
        megabytesPerSecond: mbps(installMs),
      },
      plainDownload: { ms: round(plainDownloadMs), megabytesPerSecond: mbps(plainDownloadMs) },
      plainCopy: { ms: round(plainCopyMs), megabytesPerSecond: mbps(plainCopyMs) },
      installOverPlainDownload: round(installMs / plainDownloadMs),
      installOverPlainCopy: round(installMs / plainCopyMs),
      sha256: {
        fileBytes: BALLAST_FLOATS * 4,
        oursMegabytesPerSecond: round((BALLAST_FLOATS * 4) / 2 ** 20 / (oursHashMs / 1000)),
        sha256sumMegabytesPerSecond: round((BALLAST_FLOATS * 4) / 2 ** 20 / (sha256sumMs / 1000)),
        oursOverSha256sum: round(oursHashMs / sha256sumMs),
      },
    }
  } finally {
    delete process.env.HF_HUB_CACHE
    await hub.close()
  }
}

/** Keeps every file over 1 MB on disk, so the server streams the gigabyte instead of holding it. */
async function onDisk(repo: HubRepo, folder: string): Promise<HubRepo> {
  const files: Record<string, RepoFile> = {}
  for (const [path, content] of Object.entries(repo.files)) {
    // Only the precision the installer picks is served: the other would double the bench's set-up for nothing.
    if (path.includes('_f16.onnx') && !path.includes('vae') && !path.includes('safety')) continue
    if (typeof content === 'string' || !(content instanceof Uint8Array) || content.byteLength < 2 ** 20) {
      files[path] = content
      continue
    }
    const target = join(folder, path)
    await mkdir(join(target, '..'), { recursive: true })
    await writeFile(target, content)
    files[path] = { diskPath: target }
  }
  return { ...repo, files }
}

