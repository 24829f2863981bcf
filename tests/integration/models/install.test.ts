/**
 * Installing packs from a folder into the models folder: checksums and graphs proven by the real compute host
 * before a pack goes into place, every bad pack refused with a clear error and nothing left behind.
 */
import { mkdir, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ComputeHost } from '../../../src-main/compute/ComputeHost'
import { forkComputeProcess } from '../../../src-main/compute/forkComputeProcess'
import { computePackRuntime } from '../../../src-main/models/computePackRuntime'
import { ModelManager } from '../../../src-main/models/ModelManager'
import { HubSettings } from '../../../src-main/models/hub/HubSettings'
import type { InstallProgress } from '../../../src-main/models/progressMeter'
import { AppError } from '../../../src-shared/contract'
import { badPacks, buildLamaPack, buildMiganPack, buildSdPack, buildSdxlPack, buildZImagePack, scratchFolder, type BadPack } from '../../fixtures/oracle'

let compute: ComputeHost
let scratch: Awaited<ReturnType<typeof scratchFolder>>
let models: ModelManager
const progress: InstallProgress[] = []

beforeAll(async () => {
  compute = new ComputeHost(forkComputeProcess('src-main/compute-host/index.ts', ['--import', 'tsx']))
  scratch = await scratchFolder('oracle-install')
  models = new ModelManager(join(scratch.path, 'models'), computePackRuntime(compute), new HubSettings(scratch.path), (p) => progress.push(p))
})

afterAll(async () => {
  compute.dispose()
  await scratch.remove()
})

const source = (name: string) => join(scratch.path, 'sources', name)
const modelsFolder = () => readdir(models.modelsDir)

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

describe('installing from a folder', () => {
  it('installs each family, lists it with its size on disk and files, and reports progress', async () => {
    await buildZImagePack(source('z-image'))
    await buildSdPack(source('sd'))
    await buildSdxlPack(source('sdxl'))
    await buildLamaPack(source('lama'))
    await buildMiganPack(source('migan'))
    for (const name of ['z-image', 'sd', 'sdxl', 'lama', 'migan']) await models.installFromFolder(source(name))

    const packs = await models.list()
    expect(packs.map((p) => [p.id, p.family, p.variant])).toEqual([
      ['lama-oracle', 'lama', 'default'],
      ['migan-oracle', 'migan', 'default'],
      ['sd-turbo-oracle', 'sd', 'turbo'],
      ['sdxl-base-oracle', 'sdxl', 'base'],
      ['z-image-turbo-oracle', 'z-image', 'turbo'],
    ])
    const zImage = packs.find((p) => p.family === 'z-image')!
    expect(zImage.files).toContain('onnx/transformer.onnx_data')
    expect(zImage.sizeOnDisk).toBeGreaterThan(0)
    expect((await modelsFolder()).sort()).toEqual(packs.map((p) => p.id))

    const last = progress.filter((p) => p.source === source('z-image')).at(-1)!
    expect(last.bytesDone).toBe(last.bytesTotal)
    expect(last.bytesTotal).toBe(zImage.sizeOnDisk)
  })

  it('refuses a second pack with an installed id', async () => {
    const error = await refusal(models.installFromFolder(source('lama')))
    expect(error.code).toBe('pack.exists')
    expect(await modelsFolder()).toHaveLength(5)
  })

  it('removes a pack, its folder and its sessions', async () => {
    await compute.run('inference.run', {
      packDir: models.packDir('lama-oracle'),
      role: 'inpainter',
      feeds: {
        image: { type: 'float32', dims: [1, 3, 512, 512], data: new Float32Array(3 * 512 * 512) },
        mask: { type: 'float32', dims: [1, 1, 512, 512], data: new Float32Array(512 * 512).fill(1) },
      },
    })
    await models.remove('lama-oracle')
    expect((await models.list()).map((p) => p.id)).not.toContain('lama-oracle')
    expect(await modelsFolder()).not.toContain('lama-oracle')
    const { loaded } = await compute.run('inference.sessions', {})
    expect(loaded.some((l) => l.path.includes('lama-oracle'))).toBe(false)
    expect((await refusal(models.remove('lama-oracle'))).code).toBe('pack.notFound')
  })

  it('removes a pack of every other family after its graphs were loaded, leaving the models folder empty', async () => {
    for (const pack of await models.list()) {
      await compute.run('packs.checkGraphs', { packDir: models.packDir(pack.id) })
      await models.remove(pack.id)
      expect((await compute.run('inference.sessions', {})).loaded.some((l) => l.path.includes(pack.id))).toBe(false)
    }
    expect(await models.list()).toEqual([])
    expect(await modelsFolder()).toEqual([])
  })
})

describe('refusing bad packs', () => {
  it.each(badPacks.map((bad) => [bad.name, bad] as [string, BadPack]))('refuses %s', async (_name, bad) => {
    const folder = source(`bad-${badPacks.indexOf(bad)}`)
    await mkdir(folder, { recursive: true })
    await bad.build(folder)
    const before = (await modelsFolder()).sort()
    const error = await refusal(models.installFromFolder(folder))
    expect(error.code).toBe(bad.code)
    expect(error.message).toMatch(bad.message)
    // Nothing half-installed: not the pack, not its staging folder.
    expect((await modelsFolder()).sort()).toEqual(before)
  })
})
