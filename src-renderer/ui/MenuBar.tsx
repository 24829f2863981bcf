import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Action, MenuName } from '../editor/actions'
import type { Editor } from '../editor/Editor'
import { shortcutLabel } from '../editor/shortcuts'

/** A label with its shortcut, as menus and toolbar buttons show it on hover. */
export const tooltip = (label: string, action: Action) => (action.shortcuts ? `${label} (${shortcutLabel(action.shortcuts[0]!)})` : label)

const menus: MenuName[] = ['file', 'edit', 'view', 'layer', 'select', 'ai', 'help']

/** The menu bar, drawn from the action registry so every item and its shortcut come from one place. */
export function MenuBar({ actions, editor, perform }: { actions: Action[]; editor: Editor; perform: (action: Action) => void }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState<MenuName>()
  return (
    <nav className="menubar" onMouseLeave={() => setOpen(undefined)}>
      {menus.map((menu) => (
        <div key={menu} className="menu">
          <button className="menu-title" onClick={() => setOpen(open === menu ? undefined : menu)}>
            {t(`menu.${menu}`)}
          </button>
          {open === menu && (
            <div className="menu-items" role="menu">
              {actions
                .filter((action) => action.menu === menu)
                .map((action) => (
                  <button
                    key={action.id}
                    role="menuitem"
                    data-action={action.id}
                    disabled={action.enabled ? !action.enabled(editor) : false}
                    title={tooltip(t(action.label), action)}
                    onClick={() => {
                      setOpen(undefined)
                      perform(action)
                    }}
                  >
                    <span>{t(action.label)}</span>
                    {action.shortcuts && <kbd>{shortcutLabel(action.shortcuts[0]!)}</kbd>}
                  </button>
                ))}
            </div>
          )}
        </div>
      ))}
    </nav>
  )
}
