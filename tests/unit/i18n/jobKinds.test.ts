import { describe, expect, it } from 'vitest'
import { operations } from '../../../src-main/generation/generationPlan'
import { jobKinds } from '../../../src-main/jobs/jobKinds'
import { en } from '../../../src-renderer/ui/i18n/en'
import { zhCN } from '../../../src-renderer/ui/i18n/zh-CN'

/** Every kind a job can have in jobs.changed: the registry's, and a generation's operations (its plan names which). */
const kinds = [...new Set([...Object.values(jobKinds).map((kind) => kind.kind), ...operations])]

describe('the status bar names each job kind', () => {
  it('in English and in Chinese, never by its internal name', () => {
    for (const labels of [en.jobs.kind, zhCN.jobs.kind] as Record<string, string>[]) {
      expect(kinds.filter((kind) => !labels[kind])).toEqual([])
      expect(kinds.filter((kind) => labels[kind] === kind)).toEqual([])
    }
    expect(en.jobs.kind.mergeDown).toBe('Merge down')
    expect(zhCN.jobs.kind.remove).toBe('移除物体')
  })
})
