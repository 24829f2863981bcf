import { useTranslation } from 'react-i18next'
import { actionById, type Action } from '../editor/actions'
import type { EditorState } from '../editor/Editor'
import { tooltip } from './MenuBar'

/** 20×20 outline icons, drawn in the text colour. */
const icons = {
  hand: 'M7 10V4.5a1.5 1.5 0 0 1 3 0V9m0-5.5a1.5 1.5 0 0 1 3 0V9m0-4a1.5 1.5 0 0 1 3 0v6c0 4-2.5 7-6 7-2.5 0-4-1.5-5.5-4L3 11.5a1.4 1.4 0 0 1 2.3-1.6L7 12',
  brush: 'M16.5 2.5l1 1-8 8.5-1.5-1.5zM8 11l1.5 1.5c0 2.5-1.5 4.5-5.5 4.5 1-1 1-2 1-3 0-1.8 1.5-3 3-3z',
  eraser: 'M3 14l8-8.5a1.5 1.5 0 0 1 2 0l3.5 3.5a1.5 1.5 0 0 1 0 2L10 17.5H6.5zM7 10l4.5 4.5M10 17.5h7',
  mask: 'M3 3h14v14H3zM10 6a4 4 0 1 0 0 8a4 4 0 1 0 0-8',
  maskEraser: 'M3 3h14v14H3zM6 14L14 6',
  rectangle: 'M3 5h2M7 5h2M11 5h2M15 5h2v2M17 9v2M17 13v2h-2M13 15h-2M9 15H7M5 15H3v-2M3 11V9M3 7V5',
  ellipse: 'M10 4c4 0 7 2.7 7 6s-3 6-7 6-7-2.7-7-6 3-6 7-6z',
  lasso: 'M6 13c-3-2-3-6 1-8s10-1 10 3-5 5-8 4M6 13c-1 2 0 4 2 4',
  polygon: 'M4 15L6 4l11 3-4 5 3 5z',
  crop: 'M6 2v12h12M2 6h12v12',
  object: 'M3 7V3h4M13 3h4v4M17 13v4h-4M7 17H3v-4M10 6.5c2.5 0 3.5 1.5 3.5 3.5s-1.5 4-3.5 4-3.5-2-3.5-4 1-3.5 3.5-3.5z',
  wand: 'M3 17L12 8M13 3v2M17 7h-2M16 4l-1.5 1.5M10 4l1 1M16 10l-1-1',
  move: 'M10 2v16M2 10h16M10 2l-2.5 2.5M10 2l2.5 2.5M10 18l-2.5-2.5M10 18l2.5-2.5M2 10l2.5-2.5M2 10l2.5 2.5M18 10l-2.5-2.5M18 10l-2.5 2.5',
  eyedropper: 'M13 3l4 4-2 2-4-4zM12 8l-7 7-1 3 3-1 7-7',
  fill: 'M4 10l6-6 6 6-6 6zM16 10c1 2 2 3 2 4a2 2 0 0 1-4 0c0-1 1-2 2-4',
  drag: 'M3.5 16.5a1.5 1.5 0 1 0 3 0a1.5 1.5 0 1 0-3 0M6.5 13.5L12 8M12 8H8.5M12 8v3.5M12.5 5a2.5 2.5 0 1 0 5 0a2.5 2.5 0 1 0-5 0',
}

const tools = [
  { action: 'tool.hand', tool: 'hand' },
  { action: 'tool.move', tool: 'move' },
  { action: 'tool.brush', tool: 'brush' },
  { action: 'tool.eraser', tool: 'eraser' },
  { action: 'tool.mask', tool: 'mask' },
  { action: 'tool.maskEraser', tool: 'maskEraser' },
  { action: 'tool.rectangle', tool: 'rectangle' },
  { action: 'tool.ellipse', tool: 'ellipse' },
  { action: 'tool.lasso', tool: 'lasso' },
  { action: 'tool.polygon', tool: 'polygon' },
  { action: 'tool.wand', tool: 'wand' },
  { action: 'tool.object', tool: 'object' },
  { action: 'tool.crop', tool: 'crop' },
  { action: 'tool.drag', tool: 'drag' },
  { action: 'tool.eyedropper', tool: 'eyedropper' },
  { action: 'tool.fill', tool: 'fill' },
] as const

/** The tools, from the action registry, with the active one marked. */
export function Toolbar({ state, perform }: { state: EditorState; perform: (action: Action) => void }) {
  const { t } = useTranslation()
  return (
    <nav className="toolbar" aria-label={t('toolbar')}>
      {tools.map(({ action: id, tool }) => {
        const action = actionById(id)
        return (
          <button
            key={id}
            data-action={id}
            aria-pressed={state.tool === tool}
            aria-label={t(action.label)}
            title={tooltip(t(action.label), action)}
            onClick={() => perform(action)}
          >
            <svg viewBox="0 0 20 20" width="20" height="20" aria-hidden="true">
              <path d={icons[tool]} fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
          </button>
        )
      })}
    </nav>
  )
}
