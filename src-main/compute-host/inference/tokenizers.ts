import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { Tokenizer } from '@huggingface/tokenizers'
import { AppError } from '../../../src-shared/contract'

/** A parsed tokenizer.json and the padding it declares, when it declares one. */
interface LoadedTokenizer {
  tokenizer: Tokenizer
  padId?: number
}

const loaded = new Map<string, Promise<LoadedTokenizer>>()

function loadTokenizer(path: string): Promise<LoadedTokenizer> {
  let tokenizer = loaded.get(path)
  if (!tokenizer) {
    tokenizer = readFile(path, 'utf8').then(
      (text) => {
        const json = JSON.parse(text)
        const padId = json.padding?.pad_id
        return { tokenizer: new Tokenizer(json, {}), ...(typeof padId === 'number' ? { padId } : {}) }
      },
      () => {
        throw new AppError('pack.missingFile', `The tokenizer ${path} is missing or unreadable.`, { path })
      },
    )
    tokenizer.catch(() => loaded.delete(path))
    loaded.set(path, tokenizer)
  }
  return tokenizer
}

/** A pack's tokenizer.json, read once per compute host (model-packs.md, "Tokenizers"). */
export async function packTokenizer(path: string): Promise<Tokenizer> {
  return (await loadTokenizer(path)).tokenizer
}

/** Z-Image's Qwen3 encoder reads at most this many tokens (model-packs.md). */
export const Z_IMAGE_MAX_TOKENS = 512

/**
 * Z-Image's prompt template, applied before tokenizing: the tokenizer renders no chat template itself
 * (model-packs.md, "Prompt template"). Negative prompts go through the same template.
 */
export function zImagePromptTokens(tokenizer: Tokenizer, prompt: string): { ids: number[]; attentionMask: number[] } {
  const encoded = tokenizer.encode(`<|im_start|>user\n${prompt}<|im_end|>\n<|im_start|>assistant\n`, { add_special_tokens: false })
  const ids = encoded.ids.slice(0, Z_IMAGE_MAX_TOKENS)
  return { ids, attentionMask: ids.map(() => 1) }
}

export const CLIP_TOKENS = 77
export const CLIP_BOS = 49406
export const CLIP_EOS = 49407

/** A CLIP tokenizer and the id it pads prompts with. */
export interface ClipTokenizer {
  tokenizer: Tokenizer
  padId: number
}

/**
 * A pack's CLIP tokenizer with the pad token its folder declares: SD 1.x pads with the end token, SD 2.x and
 * SDXL's second tokenizer with "!" (id 0), and the encoders were trained on those pads (model-packs.md).
 * transformers keeps `pad_token` in special_tokens_map.json and tokenizer_config.json (a string or an added
 * token's object; the public packs' two agree); else tokenizer.json's own `padding`; the end token when nothing
 * names one.
 */
export async function packClipTokenizer(path: string): Promise<ClipTokenizer> {
  const { tokenizer, padId } = await loadTokenizer(path)
  const declared = await declaredPadToken(dirname(path))
  if (!declared) return { tokenizer, padId: padId ?? CLIP_EOS }
  const id = tokenizer.token_to_id(declared.token)
  if (id === undefined) {
    throw new AppError('pack.badManifest', `The pad token "${declared.token}" of ${declared.file} is not in the tokenizer's vocabulary.`, {
      path: declared.file,
    })
  }
  return { tokenizer, padId: id }
}

async function declaredPadToken(folder: string): Promise<{ token: string; file: string } | undefined> {
  for (const name of ['special_tokens_map.json', 'tokenizer_config.json']) {
    const file = join(folder, name)
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch {
      continue
    }
    let pad: unknown
    try {
      pad = JSON.parse(text).pad_token
    } catch (error) {
      throw new AppError('pack.badManifest', `${file} is not JSON: ${(error as Error).message}`, { path: file })
    }
    if (typeof pad === 'string') return { token: pad, file }
    if (pad && typeof (pad as { content?: unknown }).content === 'string') return { token: (pad as { content: string }).content, file }
  }
  return undefined
}

/**
 * CLIP's fixed-length input: BOS, the prompt's tokens (cut to fit), EOS, then the pad id up to 77
 * (model-packs.md, Stable Diffusion). Built here rather than by the tokenizer's post-processor, which
 * not every pack's tokenizer.json carries.
 */
export function clipPromptTokens({ tokenizer, padId }: ClipTokenizer, prompt: string): number[] {
  const words = tokenizer.encode(prompt, { add_special_tokens: false }).ids.slice(0, CLIP_TOKENS - 2)
  const ids = [CLIP_BOS, ...words, CLIP_EOS]
  while (ids.length < CLIP_TOKENS) ids.push(padId)
  return ids
}
