import { useTranslation } from 'react-i18next'
import { providerChoices, type RuntimeInfo } from '../../../src-shared/contract'
import type { ModelLibrary } from '../../editor/models/ModelLibrary'

/** Where ONNX Runtime runs and how much model memory stays loaded. */
export function RuntimeSettings({ library, runtime }: { library: ModelLibrary; runtime?: RuntimeInfo }) {
  const { t } = useTranslation()
  if (!runtime) return null
  return (
    <div className="runtime">
      <label>
        {t('models.provider')}
        <select value={runtime.provider} onChange={(e) => void library.setRuntime({ provider: e.target.value as RuntimeInfo['provider'] })}>
          {providerChoices.map((choice) => (
            <option key={choice} value={choice}>
              {t(`models.providers.${choice}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('models.budget')}
        <input
          type="number"
          min={1}
          step={1}
          defaultValue={Math.round(runtime.budgetBytes / 2 ** 30)}
          onBlur={(e) => Number(e.target.value) > 0 && void library.setRuntime({ budgetBytes: Math.round(Number(e.target.value) * 2 ** 30) })}
        />
        GB
      </label>
    </div>
  )
}
