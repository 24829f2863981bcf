import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { PackInfo } from '../../src-shared/contract'
import type { Editor, EditorState } from '../editor/Editor'

/** Edit strengths named for what the user wants (≈ how much of the photo the model may redraw). */
const strengthPresets = [
  { key: 'material', strength: 0.55 },
  { key: 'subtle', strength: 0.7 },
  { key: 'restyle', strength: 0.85 },
] as const

type SeedMode = 'random' | 'fixed' | 'increment'

/**
 * Type an instruction, in Chinese or English, and run it: Edit redraws the masked area starting from the photo
 * (strength), Inpaint fills it, Generate makes a new layer. Turbo packs for drafts, Base packs to refine.
 */
export function PromptPanel({ editor, state }: { editor: Editor; state: EditorState }) {
  const { t } = useTranslation()
  const [packs, setPacks] = useState<PackInfo[]>([])
  const [prompt, setPrompt] = useState('')
  const [negativePrompt, setNegativePrompt] = useState('')
  const [packId, setPackId] = useState('')
  const [steps, setSteps] = useState('')
  const [guidance, setGuidance] = useState('')
  const [strength, setStrength] = useState(0.7)
  const [seedMode, setSeedMode] = useState<SeedMode>('random')
  const [seed, setSeed] = useState(1)

  useEffect(() => {
    if (state.dialog) return
    void editor.api.call('models.list', {}).then(({ packs }) => setPacks(packs.filter((pack) => pack.family === 'z-image' || pack.family === 'sd')))
  }, [editor, state.dialog])

  if (!state.document) return null
  const pack = packs.find((p) => p.id === packId) ?? packs[0]
  const run = (kind: 'edit' | 'inpaint' | 'generate') => {
    if (!pack) return editor.openDialog('models')
    void editor.generate(kind, {
      prompt,
      negativePrompt,
      family: pack.family as 'z-image' | 'sd',
      packId: pack.id,
      ...(steps ? { steps: Number(steps) } : {}),
      ...(guidance ? { guidance: Number(guidance) } : {}),
      ...(seedMode === 'random' ? {} : { seed }),
      ...(kind === 'edit' ? { strength } : {}),
    })
    if (seedMode === 'increment') setSeed((s) => s + 1)
  }

  return (
    <section className="prompt" aria-label={t('prompt.title')}>
      <textarea aria-label={t('prompt.prompt')} placeholder={t('prompt.placeholder')} value={prompt} onChange={(e) => setPrompt(e.target.value)} rows={3} />
      <details>
        <summary>{t('prompt.refine')}</summary>
        <textarea aria-label={t('prompt.negative')} placeholder={t('prompt.negative')} value={negativePrompt} onChange={(e) => setNegativePrompt(e.target.value)} rows={2} />
        <div className="prompt-row">
          <label>
            {t('prompt.steps')}
            <input type="number" min={1} max={200} placeholder="auto" value={steps} onChange={(e) => setSteps(e.target.value)} />
          </label>
          <label>
            {t('prompt.guidance')}
            <input type="number" min={0} max={30} step={0.5} placeholder="auto" value={guidance} onChange={(e) => setGuidance(e.target.value)} />
          </label>
        </div>
      </details>
      <div className="prompt-row">
        <select aria-label={t('prompt.pack')} value={pack?.id ?? ''} onChange={(e) => setPackId(e.target.value)}>
          {packs.length === 0 && <option value="">{t('prompt.noPack')}</option>}
          {packs.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({p.variant})
            </option>
          ))}
        </select>
        <select aria-label={t('prompt.seedMode')} value={seedMode} onChange={(e) => setSeedMode(e.target.value as SeedMode)}>
          {(['random', 'fixed', 'increment'] as const).map((mode) => (
            <option key={mode} value={mode}>
              {t(`prompt.seed.${mode}`)}
            </option>
          ))}
        </select>
        {seedMode !== 'random' && <input aria-label={t('prompt.seedValue')} type="number" min={0} value={seed} onChange={(e) => setSeed(Number(e.target.value))} />}
      </div>
      <div className="prompt-row">
        {strengthPresets.map((preset) => (
          <button key={preset.key} aria-pressed={strength === preset.strength} onClick={() => setStrength(preset.strength)}>
            {t(`prompt.strength.${preset.key}`)}
          </button>
        ))}
        <input aria-label={t('prompt.strengthValue')} type="range" min={0} max={1} step={0.05} value={strength} onChange={(e) => setStrength(Number(e.target.value))} />
        <output>{strength.toFixed(2)}</output>
      </div>
      <div className="prompt-row">
        <button className="primary" onClick={() => run('edit')}>
          {t('prompt.edit')}
        </button>
        <button onClick={() => run('inpaint')}>{t('prompt.inpaint')}</button>
        <button onClick={() => run('generate')}>{t('prompt.generate')}</button>
      </div>
      {!pack && <p className="muted">{t('prompt.installHint')}</p>}
    </section>
  )
}
