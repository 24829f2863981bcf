/**
 * The fake Hub driven by the Hub's own client, `@huggingface/hub`: listings carry true sizes and hashes across
 * pages, resolve URLs redirect LFS files to a CDN that honours Range, and the faults the install tests rely on
 * (dropped connections, wrong bytes, gated repos, unknown repos) behave as the real Hub's do.
 */
import { createHash } from 'node:crypto'
import { lstat, mkdir, readFile, readlink, readdir, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { downloadFile, downloadFileToCacheDir, fileDownloadInfo, listFiles, modelInfo, scanCacheDir, type ListFileEntry } from '@huggingface/hub'
import * as ort from 'onnxruntime-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeHub, type FakeHub } from '../../fixtures/hub/fakeHub'
import { writeHubCache } from '../../fixtures/hub/hubCache'
import { CLIP_BANG, CLIP_BOS, CLIP_EOS } from '../../fixtures/hub/clipBpe'
import { optimumSd15, optimumSdxl } from '../../fixtures/hub/optimumRepos'
import { carveLama, miganRepo, tongyiZImageTurbo, webnnZImageTurbo } from '../../fixtures/hub/publicRepos'
import { gitBlobSha1, type HubRepo } from '../../fixtures/hub/repoIndex'
import { scratchFolder, tokenizerVocab } from '../../fixtures/oracle'
import { Tokenizer } from '@huggingface/tokenizers'

const TOKEN = 'hf_gated_test_token'
const SIDECAR = 'onnx/transformer_model_q4f16.onnx_data'

const bytesOf = (content: HubRepo['files'][string]) => new Uint8Array(Buffer.from(content as Uint8Array | string))
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

const zImage = webnnZImageTurbo({ ballast: 100_000 })
const gated: HubRepo = { id: 'acme/gated-model', files: { 'model.onnx': new Uint8Array(64).fill(7), 'config.json': '{}' }, gated: true }
let hub: FakeHub
let scratch: Awaited<ReturnType<typeof scratchFolder>>

async function listAll(repo: string, hubUrl = hub.url): Promise<ListFileEntry[]> {
  const entries: ListFileEntry[] = []
  for await (const entry of listFiles({ repo, recursive: true, expand: true, hubUrl })) entries.push(entry)
  return entries
}

beforeAll(async () => {
  scratch = await scratchFolder('fake-hub')
  hub = await startFakeHub({ repos: [zImage, tongyiZImageTurbo(), carveLama(), miganRepo(), gated], token: TOKEN, treePageSize: 4 })
})
afterAll(async () => {
  await hub.close()
  await scratch.remove()
})

describe('model info and listings', () => {
  it('gives the commit, the gated flag and the file names, at main, HEAD and the commit itself', async () => {
    const commit = hub.repos.get(zImage.id)!.commit
    for (const revision of ['main', 'HEAD', commit]) {
      const info = await modelInfo({ name: zImage.id, revision, hubUrl: hub.url, additionalFields: ['sha', 'filePaths'] })
      expect(info).toMatchObject({ name: zImage.id, sha: commit, gated: false })
      expect(info.filePaths.sort()).toEqual(Object.keys(zImage.files).sort())
    }
    expect((await modelInfo({ name: gated.id, hubUrl: hub.url })).gated).toBe('manual')
  })

  it('lists every file over several pages with its true size, git oid and LFS SHA-256', async () => {
    const entries = await listAll(zImage.id)
    const treeCalls = hub.requests.filter((r) => r.path === `/api/models/${zImage.id}/tree/main`)
    expect(treeCalls.length).toBeGreaterThan(2)
    const files = entries.filter((e) => e.type === 'file')
    expect(files.map((f) => f.path).sort()).toEqual(Object.keys(zImage.files).sort())
    expect(entries.filter((e) => e.type === 'directory').map((e) => e.path)).toEqual(['onnx'])
    for (const file of files) {
      const bytes = bytesOf(zImage.files[file.path]!)
      expect(file.size).toBe(bytes.byteLength)
      expect(file.lastCommit?.id).toBe(hub.repos.get(zImage.id)!.commit)
      if (file.path.endsWith('.onnx') || file.path.endsWith('.onnx_data')) {
        expect(file.lfs).toMatchObject({ oid: sha256(bytes), size: bytes.byteLength })
        expect(file.oid).not.toBe(gitBlobSha1(bytes))
      } else {
        expect(file.lfs).toBeUndefined()
        expect(file.oid).toBe(gitBlobSha1(bytes))
      }
    }
  })

  it('lists one folder, and says which revision or repo does not exist', async () => {
    const tokenizer: string[] = []
    for await (const e of listFiles({ repo: 'Tongyi-MAI/Z-Image-Turbo', path: 'tokenizer', hubUrl: hub.url })) tokenizer.push(e.path)
    expect(tokenizer).toEqual(['tokenizer/tokenizer.json', 'tokenizer/tokenizer_config.json'])
    await expect(listAll('nobody/nothing')).rejects.toMatchObject({ statusCode: 404, message: expect.stringContaining('Repository not found') })
    await expect(modelInfo({ name: zImage.id, revision: 'f'.repeat(40), hubUrl: hub.url })).rejects.toMatchObject({ statusCode: 404 })
    const response = await fetch(`${hub.url}/api/models/nobody/nothing`)
    expect([response.status, response.headers.get('x-error-code'), await response.json()]).toEqual([404, 'RepoNotFound', { error: 'Repository not found' }])
  })
})

describe('downloads', () => {
  it('redirects an LFS file to the CDN with the Hub headers, and the CDN answers a Range with 206 and the right bytes', async () => {
    const content = bytesOf(zImage.files[SIDECAR]!)
    const resolved = await fetch(`${hub.url}/${zImage.id}/resolve/main/${SIDECAR}`, { redirect: 'manual' })
    expect(resolved.status).toBe(302)
    expect(resolved.headers.get('x-linked-etag')).toBe(`"${sha256(content)}"`)
    expect(resolved.headers.get('x-linked-size')).toBe(String(content.byteLength))
    expect(resolved.headers.get('x-repo-commit')).toBe(hub.repos.get(zImage.id)!.commit)
    const cdn = resolved.headers.get('location')!
    expect(new URL(cdn).pathname).toMatch(/^\/cdn\//)
    const from = 12_345
    const part = await fetch(cdn, { headers: { Range: `bytes=${from}-` } })
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe(`bytes ${from}-${content.byteLength - 1}/${content.byteLength}`)
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(content.subarray(from))
    expect((await fetch(cdn.replace(/sig=\w+/, 'sig=forged'))).status).toBe(403)
  })

  it('serves a small file directly, and the client downloads both kinds whole', async () => {
    const config = await fetch(`${hub.url}/Tongyi-MAI/Z-Image-Turbo/resolve/main/scheduler/scheduler_config.json`, { redirect: 'manual' })
    expect(config.status).toBe(200)
    expect(JSON.parse(await config.text())).toMatchObject({ _class_name: 'FlowMatchEulerDiscreteScheduler', shift: 3 })
    const commit = hub.repos.get(zImage.id)!.commit
    for (const path of [SIDECAR, 'README.md']) {
      const info = await fileDownloadInfo({ repo: zImage.id, path, revision: commit, hubUrl: hub.url })
      expect(info?.size).toBe(bytesOf(zImage.files[path]!).byteLength)
      const blob = await downloadFile({ repo: zImage.id, path, revision: commit, hubUrl: hub.url })
      expect(new Uint8Array(await blob!.arrayBuffer())).toEqual(bytesOf(zImage.files[path]!))
    }
    expect(await fileDownloadInfo({ repo: zImage.id, path: 'onnx/missing.onnx', hubUrl: hub.url })).toBeNull()
  })

  it('needs the bearer token for a gated repo', async () => {
    const get = (accessToken?: string) => downloadFile({ repo: gated.id, path: 'model.onnx', hubUrl: hub.url, accessToken })
    await expect(get()).rejects.toMatchObject({ statusCode: 401 })
    await expect(get('hf_someone_else')).rejects.toMatchObject({ statusCode: 403 })
    expect(new Uint8Array(await (await get(TOKEN))!.arrayBuffer())).toEqual(gated.files['model.onnx'])
    const denied = await fetch(`${hub.url}/${gated.id}/resolve/main/config.json`)
    expect(denied.headers.get('x-error-code')).toBe('GatedRepo')
  })
})

describe('faults', () => {
  it('drops the connection once per file after cutAfterBytes, and a Range request resumes', async () => {
    const faulty = await startFakeHub({ repos: [zImage], cutAfterBytes: 100_000 })
    try {
      const content = bytesOf(zImage.files[SIDECAR]!)
      const url = `${faulty.url}/${zImage.id}/resolve/main/${SIDECAR}`
      const first = await fetch(url)
      expect(first.headers.get('content-length')).toBe(String(content.byteLength))
      await expect(first.arrayBuffer()).rejects.toThrow()
      const rest = await fetch(url, { headers: { Range: 'bytes=100000-' } })
      expect(rest.status).toBe(206)
      expect(new Uint8Array(await rest.arrayBuffer())).toEqual(content.subarray(100_000))
      expect(faulty.requests.filter((r) => r.path.startsWith('/cdn/') && r.range === 'bytes=100000-')).toHaveLength(1)
    } finally {
      await faulty.close()
    }
  })

  it('serves wrong bytes for a corrupt path while the listing keeps the true SHA-256', async () => {
    const faulty = await startFakeHub({ repos: [miganRepo()], corrupt: new Set(['migan_pipeline_v2.onnx']) })
    try {
      const [listed] = (await listAll('andraniksargsyan/migan', faulty.url)).filter((e) => e.path === 'migan_pipeline_v2.onnx')
      const served = new Uint8Array(await (await fetch(`${faulty.url}/andraniksargsyan/migan/resolve/main/migan_pipeline_v2.onnx`)).arrayBuffer())
      expect(served.byteLength).toBe(listed!.size)
      expect(sha256(served)).not.toBe(listed!.lfs!.oid)
      expect(listed!.lfs!.oid).toBe(sha256(bytesOf(miganRepo().files['migan_pipeline_v2.onnx']!)))
    } finally {
      await faulty.close()
    }
  })

  it('throttles file bodies to bytesPerSecond', async () => {
    const slow = await startFakeHub({ repos: [zImage], bytesPerSecond: 2_000_000 })
    try {
      const started = performance.now()
      const bytes = await (await fetch(`${slow.url}/${zImage.id}/resolve/main/${SIDECAR}`)).arrayBuffer()
      // A lower bound only (every chunk is paced after it is sent), so a slow machine cannot fail it.
      expect(bytes.byteLength).toBe(400_512)
      expect(performance.now() - started).toBeGreaterThanOrEqual((bytes.byteLength * 1000) / 2_000_000 - 10)
    } finally {
      await slow.close()
    }
  })
})

describe('public layouts', () => {
  async function writeRepo(repo: HubRepo, skip: (path: string) => boolean = () => false): Promise<string> {
    const folder = join(scratch.path, repo.id.replace('/', '--'), String(Math.random()).slice(2))
    for (const [path, content] of Object.entries(repo.files)) {
      if (skip(path)) continue
      await mkdir(dirname(join(folder, path)), { recursive: true })
      await writeFile(join(folder, path), bytesOf(content))
    }
    return folder
  }

  const repos = async () => [webnnZImageTurbo(), carveLama(), miganRepo(), await optimumSd15(), await optimumSd15({ version: '2.1' }), await optimumSdxl()]

  it.each(['webnn/Z-Image-Turbo', 'Carve/LaMa-ONNX', 'andraniksargsyan/migan', 'stable-diffusion-v1-5', 'stable-diffusion-2-1', 'stable-diffusion-xl'])('every graph of %s loads in ONNX Runtime from its folder', async (name) => {
    const repo = (await repos()).find((r) => r.id.includes(name))!
    const folder = await writeRepo(repo)
    const graphs = Object.keys(repo.files).filter((path) => path.endsWith('.onnx'))
    expect(graphs.length).toBeGreaterThan(1)
    for (const path of graphs) {
      const session = await ort.InferenceSession.create(join(folder, path))
      expect(session.inputNames.length).toBeGreaterThan(0)
      await session.release()
    }
  })

  it('gives webnn/Z-Image-Turbo the public tensor names, and its graphs really read their sidecars', async () => {
    const folder = await writeRepo(zImage, (path) => path.endsWith('_f16.onnx_data'))
    const signature = async (path: string) => {
      const session = await ort.InferenceSession.create(join(folder, path))
      const names = { inputs: session.inputNames, outputs: session.outputNames }
      await session.release()
      return names
    }
    expect(await signature('onnx/text_encoder_model_q4f16.onnx')).toEqual({ inputs: ['input_ids', 'attention_mask'], outputs: ['encoder_hidden_state'] })
    expect(await signature('onnx/transformer_model_q4f16.onnx')).toEqual({
      inputs: ['hidden_states', 'timestep', 'encoder_hidden_states'],
      outputs: ['unified_results'],
    })
    expect(await signature('onnx/vae_decoder_model_f16.onnx')).toEqual({ inputs: ['latent_sample'], outputs: ['sample'] })
    expect(await signature('onnx/safety_checker_model_f16.onnx')).toEqual({ inputs: ['clip_input'], outputs: ['has_nsfw_concepts'] })
    // The f16 sidecars were left out: their graphs cannot load without them.
    await expect(ort.InferenceSession.create(join(folder, 'onnx/transformer_model_f16.onnx'))).rejects.toThrow()
    await expect(ort.InferenceSession.create(join(folder, 'onnx/text_encoder_model_f16.onnx'))).rejects.toThrow()
    await rm(folder, { recursive: true })
  })
})

describe('Hub cache', () => {
  it('writes snapshots as relative symlinks into blobs named by etag, and a ref naming the commit', async () => {
    const root = join(scratch.path, 'cache')
    const cached = await writeHubCache(root, carveLama())
    expect(cached.commit).toBe(hub.repos.get('Carve/LaMa-ONNX')!.commit)
    expect(await readFile(join(cached.repoFolder, 'refs/main'), 'utf8')).toBe(cached.commit)
    for (const [path, content] of Object.entries(carveLama().files)) {
      const link = join(cached.snapshot, path)
      expect((await lstat(link)).isSymbolicLink()).toBe(true)
      const target = await readlink(link)
      expect(target).toBe(`../../blobs/${path.endsWith('.onnx') ? sha256(bytesOf(content)) : gitBlobSha1(bytesOf(content))}`)
      expect(new Uint8Array(await readFile(link))).toEqual(bytesOf(content))
    }
    const [scanned] = (await scanCacheDir(root)).repos
    expect(scanned).toMatchObject({ id: { name: 'Carve/LaMa-ONNX', type: 'model' }, filesCount: 4 })
    expect(scanned!.revisions[0]).toMatchObject({ commitOid: cached.commit, refs: ['main'] })
  })

  it('lays files out as the client does when it downloads them into a cache from the fake Hub', async () => {
    const written = await writeHubCache(join(scratch.path, 'written'), zImage, { paths: [SIDECAR, 'README.md'] })
    const downloaded = join(scratch.path, 'downloaded')
    for (const path of [SIDECAR, 'README.md']) {
      const pointer = await downloadFileToCacheDir({ repo: zImage.id, path, revision: written.commit, hubUrl: hub.url, cacheDir: downloaded })
      expect(await readlink(pointer)).toBe(await readlink(join(written.snapshot, path)))
    }
    const blobs = (folder: string) => readdir(join(folder, 'blobs'))
    expect((await blobs(join(downloaded, 'models--webnn--Z-Image-Turbo'))).sort()).toEqual((await blobs(written.repoFolder)).sort())
  })
})

describe('Optimum exports', () => {
  it('ship a CLIP BPE vocab and merges that tokenize the oracle words to their oracle ids', async () => {
    const files = (await optimumSdxl()).files
    const tokenizer = (folder: string) => {
      const vocab = JSON.parse(files[`${folder}/vocab.json`] as string)
      const merges = (files[`${folder}/merges.txt`] as string).split('\n').slice(1).filter(Boolean)
      const pad = JSON.parse(files[`${folder}/special_tokens_map.json`] as string).pad_token
      // What an installer writes from vocab.json + merges.txt: CLIP's BPE with word-final "</w>" pieces.
      const json = {
        normalizer: { type: 'Lowercase' },
        pre_tokenizer: { type: 'WhitespaceSplit' },
        model: { type: 'BPE', vocab, merges, unk_token: '<|endoftext|>', end_of_word_suffix: '</w>', continuing_subword_prefix: '' },
        post_processor: { type: 'RobertaProcessing', cls: ['<|startoftext|>', CLIP_BOS], sep: ['<|endoftext|>', CLIP_EOS], trim_offsets: false, add_prefix_space: false },
        decoder: { type: 'BPEDecoder', suffix: '</w>' },
        added_tokens: [],
      }
      return { ids: (text: string) => new Tokenizer(json as never, {}).encode(text).ids, padId: vocab[pad] }
    }
    const words = ['a', 'red', 'sofa', 'remove', 'the', 'bin', 'blue']
    for (const folder of ['tokenizer', 'tokenizer_2']) {
      expect(tokenizer(folder).ids(words.join(' '))).toEqual([CLIP_BOS, ...words.map((w) => tokenizerVocab[w]), CLIP_EOS])
    }
    expect([tokenizer('tokenizer').padId, tokenizer('tokenizer_2').padId]).toEqual([CLIP_EOS, CLIP_BANG])
  })

  it('give SDXL text encoders hidden_states.0..N beside last_hidden_state, the penultimate unlike the last', async () => {
    const repo = await optimumSdxl()
    const folder = join(scratch.path, 'sdxl')
    for (const [path, content] of Object.entries(repo.files)) {
      await mkdir(dirname(join(folder, path)), { recursive: true })
      await writeFile(join(folder, path), bytesOf(content))
    }
    const id = tokenizerVocab.red!
    for (const [encoder, layers, pooled] of [['text_encoder', 12, 'pooler_output'], ['text_encoder_2', 32, 'text_embeds']] as const) {
      const session = await ort.InferenceSession.create(join(folder, encoder, 'model.onnx'))
      expect(session.outputNames).toEqual(expect.arrayContaining(['last_hidden_state', pooled]))
      expect(session.outputNames.filter((n) => n.startsWith('hidden_states.')).sort()).toEqual(Array.from({ length: layers + 1 }, (_, k) => `hidden_states.${k}`).sort())
      const out = await session.run({ input_ids: new ort.Tensor('int32', Int32Array.from({ length: 77 }, () => id), [1, 77]) })
      // A pipeline reading last_hidden_state instead of the penultimate layer (diffusers' hidden_states[-2]) must miss.
      const penultimate = out[`hidden_states.${layers - 1}`]!.data as Float32Array
      const last = out.last_hidden_state!.data as Float32Array
      expect(Math.max(...last.map((v, i) => Math.abs(v - penultimate[i]!)))).toBeGreaterThan(0.01)
      await session.release()
    }
  })
})
