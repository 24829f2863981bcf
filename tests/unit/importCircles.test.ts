import { describe, expect, it } from 'vitest'
import { importCircles, importGraph } from '../fixtures/importGraph'

/** Issue 15: a layer imports only from below it, so no two files of a process import each other, even for types. */
describe('import circles', () => {
  it('src-main has none', () => {
    expect(importCircles(importGraph('src-main'))).toEqual([])
  })

  it('src-renderer has none', () => {
    expect(importCircles(importGraph('src-renderer'))).toEqual([])
  })

  it('finds a circle where there is one', () => {
    const graph = new Map([
      ['/a.ts', ['/b.ts']],
      ['/b.ts', ['/c.ts']],
      ['/c.ts', ['/a.ts']],
      ['/d.ts', ['/a.ts']],
    ])
    expect(importCircles(graph, '/')).toEqual([['a.ts', 'b.ts', 'c.ts']])
  })
})
