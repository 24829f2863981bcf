import { en } from './en'
import { zhCN } from './zh-CN'

type Labels = { [key: string]: string | Labels }

/** Operation id → its history label in every interface language: 'layer.add' → ['New layer', '新建图层']. */
function labelsByOperation(): Map<string, string[]> {
  const labels = new Map<string, string[]>()
  const walk = (node: Labels, prefix: string) => {
    for (const [key, value] of Object.entries(node)) {
      const id = prefix + key
      if (typeof value === 'string') labels.set(id, [...(labels.get(id) ?? []), value])
      else walk(value, `${id}.`)
    }
  }
  for (const messages of [en, zhCN]) walk(messages.operation, '')
  return labels
}

const operationLabels = labelsByOperation()

/**
 * The operations whose row label, in either language, holds the text: a Chinese user who once worked in English
 * (or a shared project) still finds "Drag to deform" by 拖拽 and 拖拽变形 by "drag".
 */
export function operationsLabelled(text: string): string[] {
  const wanted = text.trim().toLocaleLowerCase()
  if (!wanted) return []
  return [...operationLabels].filter(([, labels]) => labels.some((label) => label.toLocaleLowerCase().includes(wanted))).map(([id]) => id)
}
