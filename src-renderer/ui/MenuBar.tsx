import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Action, MenuName } from '../editor/actions'
import type { Editor } from '../editor/Editor'
import { shortcutLabel } from '../editor/shortcuts'

const menus: MenuName[] = ['file', 'view', 'help']

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
                    title={action.shortcut ? `${t(action.label)} (${shortcutLabel(action.shortcut)})` : t(action.label)}
                    onClick={() => {
                      setOpen(undefined)
                      perform(action)
                    }}
                  >
                    <span>{t(action.label)}</span>
                    {action.shortcut && <kbd>{shortcutLabel(action.shortcut)}</kbd>}
                  </button>
                ))}
            </div>
          )}
        </div>
      ))}
    </nav>
  )
}
