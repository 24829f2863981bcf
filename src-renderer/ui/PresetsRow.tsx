import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Editor } from '../editor/Editor'
import type { ParametersState } from '../editor/generation/GenerationParameters'

/** Saved parameter sets: choosing one fills the panel; the current settings can be saved under a name, or a preset deleted. */
export function PresetsRow({ editor, parameters }: { editor: Editor; parameters: ParametersState }) {
  const { t } = useTranslation()
  const [chosen, setChosen] = useState('')
  const [name, setName] = useState('')
  return (
    <div className="prompt-row presets" data-testid="presets">
      <select
        aria-label={t('prompt.presets.choose')}
        value={chosen}
        onChange={(e) => {
          setChosen(e.target.value)
          editor.parameters.apply(e.target.value)
        }}
      >
        <option value="">{t('prompt.presets.none')}</option>
        {parameters.presets.map((preset) => (
          <option key={preset.name} value={preset.name}>
            {preset.name}
          </option>
        ))}
      </select>
      <button disabled={!chosen} title={t('prompt.presets.deleteHint')} onClick={() => void editor.parameters.remove(chosen).then(() => setChosen(''))}>
        {t('prompt.presets.delete')}
      </button>
      <input aria-label={t('prompt.presets.name')} placeholder={t('prompt.presets.name')} value={name} onChange={(e) => setName(e.target.value)} />
      <button disabled={!name.trim()} title={t('prompt.presets.saveHint')} onClick={() => void editor.parameters.save(name.trim()).then(() => setChosen(name.trim()))}>
        {t('prompt.presets.save')}
      </button>
    </div>
  )
}
