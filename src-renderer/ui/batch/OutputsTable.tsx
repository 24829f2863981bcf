import { useTranslation } from 'react-i18next'
import type { RecipeOutput } from '../../../src-shared/contract'
import type { BatchDesk } from '../../editor/batch/BatchDesk'

const formats = ['jpeg', 'png', 'webp'] as const
const fits = ['pad', 'cover', 'stretch'] as const
const colours = ['srgb', 'keep'] as const

/** The files each photo becomes: size, format and quality, fit and background, file name and colour profile. */
export function OutputsTable({ desk, outputs }: { desk: BatchDesk; outputs: RecipeOutput[] }) {
  const { t } = useTranslation()
  const number = (value: string, fallback: number) => (Number.isFinite(Number(value)) && value !== '' ? Math.round(Number(value)) : fallback)
  return (
    <section className="batch-outputs" aria-label={t('batch.outputs.title')}>
      <h3>{t('batch.outputs.title')}</h3>
      <table data-testid="batch-outputs">
        <thead>
          <tr>
            <th>{t('batch.outputs.size')}</th>
            <th>{t('batch.outputs.format')}</th>
            <th>{t('batch.outputs.quality')}</th>
            <th>{t('batch.outputs.fit')}</th>
            <th>{t('batch.outputs.background')}</th>
            <th>{t('batch.outputs.naming')}</th>
            <th>{t('batch.outputs.colour')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {outputs.map((output, i) => {
            const set = (change: Partial<RecipeOutput>) => desk.setOutput(i, change)
            const transparent = output.background.length === 9 && output.background.endsWith('00')
            return (
              <tr key={i} data-output={i}>
                <td className="size">
                  <input type="number" min={1} max={16384} aria-label={t('batch.outputs.width')} value={output.width} onChange={(e) => set({ width: number(e.target.value, output.width) })} />
                  ×
                  <input type="number" min={1} max={16384} aria-label={t('batch.outputs.height')} value={output.height} onChange={(e) => set({ height: number(e.target.value, output.height) })} />
                </td>
                <td>
                  <select aria-label={t('batch.outputs.format')} value={output.format} onChange={(e) => set({ format: e.target.value as RecipeOutput['format'] })}>
                    {formats.map((format) => (
                      <option key={format} value={format}>
                        {t(`batch.outputs.formats.${format}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <input
                    type="number"
                    min={1}
                    max={100}
                    aria-label={t('batch.outputs.quality')}
                    disabled={output.format === 'png'}
                    value={output.quality}
                    onChange={(e) => set({ quality: Math.min(100, Math.max(1, number(e.target.value, output.quality))) })}
                  />
                </td>
                <td>
                  <select aria-label={t('batch.outputs.fit')} value={output.fit} onChange={(e) => set({ fit: e.target.value as RecipeOutput['fit'] })}>
                    {fits.map((fit) => (
                      <option key={fit} value={fit}>
                        {t(`batch.outputs.fits.${fit}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="background">
                  <input type="color" aria-label={t('batch.outputs.background')} value={output.background.slice(0, 7)} onChange={(e) => set({ background: `${e.target.value}${transparent ? '00' : ''}` })} />
                  <label title={t('batch.outputs.transparentHint')}>
                    <input type="checkbox" aria-label={t('batch.outputs.transparent')} checked={transparent} onChange={(e) => set({ background: `${output.background.slice(0, 7)}${e.target.checked ? '00' : ''}` })} />
                    {t('batch.outputs.transparent')}
                  </label>
                </td>
                <td>
                  <input className="naming" aria-label={t('batch.outputs.naming')} title={t('batch.outputs.namingHint')} value={output.naming} onChange={(e) => set({ naming: e.target.value })} />
                </td>
                <td>
                  <select aria-label={t('batch.outputs.colour')} value={output.colour} onChange={(e) => set({ colour: e.target.value as RecipeOutput['colour'] })}>
                    {colours.map((colour) => (
                      <option key={colour} value={colour}>
                        {t(`batch.outputs.colours.${colour}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <button disabled={outputs.length === 1} aria-label={t('batch.outputs.remove')} title={t('batch.outputs.remove')} onClick={() => desk.removeOutput(i)}>
                    ✕
                  </button>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <button data-testid="output-add" disabled={outputs.length >= 20} onClick={() => desk.addOutput()}>
        {t('batch.outputs.add')}
      </button>
    </section>
  )
}
