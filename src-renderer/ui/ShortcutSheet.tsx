import { useTranslation } from 'react-i18next'
import type { Action, MenuName } from '../editor/actions'
import { shortcutLabel } from '../editor/keys'
import { Dialog } from './Dialog'

type Section = MenuName | 'tools' | 'canvas'

const sections: Section[] = ['file', 'edit', 'view', 'layer', 'select', 'ai', 'tools', 'canvas', 'help']

/** Where an action is listed: under its menu, with the tools, or with the keys that act on the canvas (Enter, [ ]). */
const sectionOf = (action: Action): Section => action.menu ?? (action.id.startsWith('tool.') && action.id !== 'tool.commit' && action.id !== 'tool.stepBack' ? 'tools' : 'canvas')

/**
 * Every shortcut, read from the action registry that the menus, toolbar and key handling read: a key shown here
 * is the key that runs the action, and a new action with a shortcut appears here without anyone editing this sheet.
 */
export function ShortcutSheet({ actions, onClose }: { actions: Action[]; onClose: () => void }) {
  const { t } = useTranslation()
  const keyed = actions.filter((action) => action.shortcuts?.length)
  return (
    <Dialog title={t('help.shortcuts.title')} className="shortcut-sheet" onClose={onClose}>
      <div className="shortcut-sections">
        {sections.map((section) => {
          const listed = keyed.filter((action) => sectionOf(action) === section)
          if (listed.length === 0) return null
          return (
            <section key={section} aria-label={t(`help.shortcuts.section.${section}`)}>
              <h3>{t(`help.shortcuts.section.${section}`)}</h3>
              <table>
                <tbody>
                  {listed.map((action) => (
                    <tr key={action.id} data-action={action.id}>
                      <td>{t(action.label)}</td>
                      <td>
                        {action.shortcuts!.map((shortcut) => (
                          <kbd key={shortcut}>{shortcutLabel(shortcut)}</kbd>
                        ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )
        })}
      </div>
    </Dialog>
  )
}
