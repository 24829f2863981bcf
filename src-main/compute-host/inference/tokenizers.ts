import { readFile } from 'node:fs/promises'
import { Tokenizer } from '@huggingface/tokenizers'
import { AppError } from '../../../src-shared/contract'

const loaded = new Map<string, Promise<Tokenizer>>()

/** A pack's tokenizer.json, read once per compute host (model-packs.md, "Tokenizers"). */
export function packTokenizer(path: string): Promise<Tokenizer> {
  let tokenizer = loaded.get(path)
  if (!tokenizer) {
    tokenizer = readFile(path, 'utf8').then(
      (text) => new Tokenizer(JSON.parse(text), {}),
      () => {
        throw new AppError('pack.missingFile', `The tokenizer ${path} is missing or unreadable.`, { path })
      },
    )
    tokenizer.catch(() => loaded.delete(path))
    loaded.set(path, tokenizer)
  }
  return tokenizer
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

/**
 * CLIP's fixed-length input: BOS, the prompt's tokens (cut to fit), EOS, then EOS as padding up to 77
 * (model-packs.md, Stable Diffusion). Built here rather than by the tokenizer's post-processor, which
 * not every pack's tokenizer.json carries.
 */
export function clipPromptTokens(tokenizer: Tokenizer, prompt: string): number[] {
  const words = tokenizer.encode(prompt, { add_special_tokens: false }).ids.slice(0, CLIP_TOKENS - 2)
  const ids = [CLIP_BOS, ...words, CLIP_EOS]
  while (ids.length < CLIP_TOKENS) ids.push(CLIP_EOS)
  return ids
}
