import { useEffect, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

/** A modal sheet over the window: its title, a close button, and Escape or a click outside to close it. */
export function Dialog({ title, className, onClose, children }: { title: string; className?: string; onClose: () => void; children: ReactNode }) {
  const { t } = useTranslation()
  // Escape closes the dialog before the canvas's own Escape (dropping a selection) can see it.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return
      event.stopImmediatePropagation()
      onClose()
    }
    window.addEventListener('keydown', onKey, { capture: true })
    return () => window.removeEventListener('keydown', onKey, { capture: true })
  }, [onClose])
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div className={['dialog', className].filter(Boolean).join(' ')} role="dialog" aria-modal="true" aria-label={title} onClick={(e) => e.stopPropagation()}>
        <header>
          <h2>{title}</h2>
          <button onClick={onClose}>{t('dismiss')}</button>
        </header>
        {children}
      </div>
    </div>
  )
}
