import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '../../../src-shared/contract'

const BOS = '<|startoftext|>'
const EOS = '<|endoftext|>'

/**
 * Writes `<folder>/tokenizer.json` for a CLIP tokenizer that ships only vocab.json and merges.txt (Optimum's
 * exports), in the tokenizers library's own format for CLIP: NFC, whitespace runs to one space and lower
 * case; CLIP's word pattern, then byte-level; BPE with `</w>` ending each word (Radford et al. 2021, and
 * openai/CLIP's simple_tokenizer). 
 */
export async function clipTokenizerJson(staging: string, folder: string): Promise<void> {
  const read = (name: string) => readFile(join(staging, folder, name), 'utf8')
  let vocab: Record<string, number>
  try {
    vocab = JSON.parse(await read('vocab.json')) as Record<string, number>
  } catch (error) {
    throw new AppError('pack.badManifest', `${folder}/vocab.json is not a JSON vocabulary: ${(error as Error).message}`, { path: `${folder}/vocab.json` })
  }
  const merges = (await read('merges.txt'))
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#version'))
    .map((line) => line.trim())
  const special = (content: string) => {
    const id = vocab[content]
    if (id === undefined) throw new AppError('pack.badManifest', `${folder}/vocab.json has no ${content} token.`, { path: `${folder}/vocab.json` })
    return { id, content, single_word: false, lstrip: false, rstrip: false, normalized: true, special: true }
  }
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [special(BOS), special(EOS)],
    normalizer: {
      type: 'Sequence',
      normalizers: [{ type: 'NFC' }, { type: 'Replace', pattern: { Regex: '\\s+' }, content: ' ' }, { type: 'Lowercase' }],
    },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        {
          type: 'Split',
          pattern: { Regex: "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+" },
          behavior: 'Removed',
          invert: true,
        },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    },
    post_processor: { type: 'RobertaProcessing', sep: [EOS, vocab[EOS]], cls: [BOS, vocab[BOS]], trim_offsets: false, add_prefix_space: false },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: { type: 'BPE', dropout: null, unk_token: EOS, continuing_subword_prefix: '', end_of_word_suffix: '</w>', fuse_unk: false, byte_fallback: false, vocab, merges },
  }
  await writeFile(join(staging, folder, 'tokenizer.json'), JSON.stringify(tokenizer))
}
