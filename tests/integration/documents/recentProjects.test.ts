import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RecentProjects } from '../../../src-main/documents/project'
import { scratchDirectory } from '../../fixtures/documents/projects'

describe('recent projects', () => {
  let scratch: ReturnType<typeof scratchDirectory>
  beforeEach(() => {
    scratch = scratchDirectory()
  })
  afterEach(() => scratch.cleanup())

  it('lists the latest opened first, once each, at most ten, across restarts', () => {
    const recent = new RecentProjects(join(scratch.directory, 'user-data'))
    expect(recent.list()).toEqual([])
    for (let i = 0; i < 12; i++) recent.add(`/photos/${i}.zproj`, `Photo ${i}`)
    recent.add('/photos/5.zproj', '沙发')
    const again = new RecentProjects(join(scratch.directory, 'user-data'))
    expect(again.list().map((entry) => entry.path)).toEqual([5, 11, 10, 9, 8, 7, 6, 4, 3, 2].map((i) => `/photos/${i}.zproj`))
    expect(again.list()[0].name).toBe('沙发')
    again.remove('/photos/11.zproj')
    expect(recent.list()).toHaveLength(9)
  })

  it('treats an unreadable list as empty', () => {
    writeFileSync(join(scratch.directory, 'recent-projects.json'), '{not json')
    const recent = new RecentProjects(scratch.directory)
    expect(recent.list()).toEqual([])
    recent.add('/a.zproj', 'a')
    expect(recent.list().map((entry) => entry.path)).toEqual(['/a.zproj'])
  })
})
