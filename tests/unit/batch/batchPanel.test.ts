import { describe, expect, it } from 'vitest'
import type { HistoryEntry } from '../../../src-shared/contract'
import { pathsFromDrop, pathsFromText } from '../../../src-renderer/editor/batch/batchPaths'
import { ancestorsOf } from '../../../src-renderer/editor/batch/recipeRange'

describe('the batch panel’s photos field', () => {
  it('takes one path a line, blank lines and surrounding spaces dropped', () => {
    expect(pathsFromText('  /photos/a \n\n/photos/b.jpg\r\n   \n')).toEqual(['/photos/a', '/photos/b.jpg'])
  })

  it('reads a file manager’s drop: file:// URIs decoded, Windows drives, comments and web links left out', () => {
    const dropped = ['# a comment', 'file:///home/me/Product%20shots', 'file:///C:/Users/me/%E4%BA%A7%E5%93%81.jpg', 'https://example.com/x.jpg', '/srv/photos'].join('\r\n')
    expect(pathsFromDrop(dropped)).toEqual(['/home/me/Product shots', 'C:/Users/me/产品.jpg', '/srv/photos'])
  })
})

describe('the run of the history a recipe records', () => {
  const entry = (id: number, parentId: number | null): HistoryEntry => ({ id, parentId, operation: 'remove', prompt: null, createdAt: id, hasThumbnail: true, onHeadPath: true, isHead: false })
  // 1 → 2 → 3 → 4, and a branch 2 → 5 made after an undo.
  const history = [entry(5, 2), entry(4, 3), entry(3, 2), entry(2, 1), entry(1, null)]

  it('may start after any ancestor of its last version, newest first, the original last', () => {
    expect(ancestorsOf(history, 4).map((e) => e.id)).toEqual([3, 2, 1])
  })

  it('never starts on another branch', () => {
    expect(ancestorsOf(history, 5).map((e) => e.id)).toEqual([2, 1])
    expect(ancestorsOf(history, 1)).toEqual([])
  })
})
