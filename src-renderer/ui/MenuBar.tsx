import { useState, useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'
import type { Action, MenuName } from '../editor/actions'
import type { Editor } from '../editor/Editor'
import { shortcutLabel } from '../editor/keys'

/** A label with its shortcut, as menus and toolbar buttons show it on hover. */
export const tooltip = (label: string, action: Action) => (action.shortcuts ? `${label} (${shortcutLabel(action.shortcuts[0]!)})` : label)

const menus: MenuName[] = ['file', 'edit', 'view', 'layer', 'select', 'ai', 'help']

/** The menu bar, drawn from the action registry so every item and its shortcut come from one place. */
export function MenuBar({ actions, editor, perform }: { actions: Action[]; editor: Editor; perform: (action: Action) => void }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState<MenuName>()
  // The recent projects change outside React (opening, closing, Save as); File › Open recent follows them.
  useSyncExternalStore(editor.files.recent.subscribe, editor.files.recent.get)
  const close = () => setOpen(undefined)
  return (
    <nav className="menubar" onMouseLeave={close}>
      {menus.map((menu) => (
        <div key={menu} className="menu">
          <button className="menu-title" onClick={() => setOpen(open === menu ? undefined : menu)}>
            {t(`menu.${menu}`)}
          </button>
          {open === menu && (
            <div className="menu-items" role="menu">
              {actions
                .filter((action) => action.menu === menu)
                .map((action) =>
                  action.submenu ? (
                    <Submenu key={action.id} action={action} editor={editor} onChosen={close} />
                  ) : (
                    <button
                      key={action.id}
                      role="menuitem"
                      data-action={action.id}
                      disabled={action.enabled ? !action.enabled(editor) : false}
                      title={tooltip(t(action.label), action)}
                      onClick={() => {
                        close()
                        perform(action)
                      }}
                    >
                      <span>{t(action.label)}</span>
                      {action.shortcuts && <kbd>{shortcutLabel(action.shortcuts[0]!)}</kbd>}
                    </button>
                  ),
                )}
            </div>
          )}
        </div>
      ))}
    </nav>
  )
}

/** An item that opens a list beside it on hover or click, such as the recent projects. */
function Submenu({ action, editor, onChosen }: { action: Action; editor: Editor; onChosen: () => void }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const disabled = action.enabled ? !action.enabled(editor) : false
  return (
    <div className="submenu" onMouseEnter={() => setOpen(!disabled)} onMouseLeave={() => setOpen(false)}>
      <button role="menuitem" aria-haspopup="menu" aria-expanded={open} data-action={action.id} disabled={disabled} onClick={() => setOpen(!open)}>
        <span>{t(action.label)}</span>
        <span aria-hidden="true">▸</span>
      </button>
      {open && (
        <div className="menu-items submenu-items" role="menu" aria-label={t(action.label)}>
          {action.submenu!(editor).map((item) => (
            <button
              key={item.key}
              role="menuitem"
              title={item.hint}
              onClick={() => {
                onChosen()
                void item.run()
              }}
            >
              <span>{item.text}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  )
}
