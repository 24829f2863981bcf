import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
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

/** The keys the interface's code names as literals, `t('…')` (keys built at run time are not seen). */
function keysUsed(folder: string): Set<string> {
  const used = new Set<string>()
  for (const entry of readdirSync(folder)) {
    const path = join(folder, entry)
    if (statSync(path).isDirectory()) {
      if (entry !== 'i18n') for (const key of keysUsed(path)) used.add(key)
    } else if (/\.tsx?$/.test(entry)) {
      for (const match of readFileSync(path, 'utf8').matchAll(/\bt\(\s*'([\w.]+)'/g)) used.add(match[1]!)
    }
  }
  return used
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

  it('hold every key the interface names (a text moved into the wrong object shows its key)', () => {
    // i18next's plurals: `count_one` and `count_other` answer for `count`.
    const known = (key: string) => english.has(key) || english.has(`${key}_one`) || english.has(`${key}_other`)
    expect([...keysUsed('src-renderer')].filter((key) => !known(key))).toEqual([])
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
