import { describe, expect, it } from 'vitest'
import { errorCodes } from '../../../src-shared/contract/errors'
import { en } from '../../../src-renderer/ui/i18n/en'
import { zhCN } from '../../../src-renderer/ui/i18n/zh-CN'

type Tree = { [key: string]: string | Tree }

/** Every message as its dotted key and text: `error.image.empty` is `error` › `image.empty`. */
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const messages = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') messages.set(prefix + key, value)
    else for (const [inner, text] of flatten(value, `${prefix}${key}.`)) messages.set(inner, text)
  }
  return messages
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((match) => match[1]).sort()

describe('the interface texts', () => {
  const english = flatten(en as unknown as Tree)
  const chinese = flatten(zhCN as unknown as Tree)

  it('give every error code a message in English and in Chinese', () => {
    const missing = errorCodes.flatMap((code) => [
      ...(english.get(`error.${code}`) ? [] : [`en: ${code}`]),
      ...(chinese.get(`error.${code}`) ? [] : [`zh-CN: ${code}`]),
    ])
    expect(missing).toEqual([])
  })

  it('have the same keys in English and in Chinese', () => {
    expect([...chinese.keys()].filter((key) => !english.has(key))).toEqual([])
    expect([...english.keys()].filter((key) => !chinese.has(key))).toEqual([])
  })

  it('fill in the same values in both languages', () => {
    const differing = [...english].filter(([key, text]) => chinese.has(key) && placeholders(text).join() !== placeholders(chinese.get(key)!).join())
    expect(differing.map(([key]) => key)).toEqual([])
  })
})
