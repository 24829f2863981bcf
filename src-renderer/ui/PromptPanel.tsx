import { useEffect, useState, useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'
import { MAX_BATCH, sdSchedulers } from '../../src-shared/contract'
import type { Editor, EditorState } from '../editor/Editor'
import type { SeedMode } from '../editor/generation/GenerationParameters'
import { blocked, featureGaps } from '../editor/models/featureNeeds'
import { FeatureGapNote } from './models/FeatureGapNote'
import { PresetsRow } from './PresetsRow'

/** Edit strengths named for what the user wants (≈ how much of the photo the model may redraw). */
const strengthPresets = [
  { key: 'material', strength: 0.55 },
  { key: 'subtle', strength: 0.7 },
  { key: 'restyle', strength: 0.85 },
] as const

/** A number field's value, or undefined when it is empty ("the pack's default"). */
const optionalNumber = (text: string) => (text === '' ? undefined : Number(text))

/**
 * Type an instruction, in Chinese or English, and run it: Edit redraws the masked area starting from the photo
 * (strength), Inpaint fills it, Generate makes a new layer. Turbo packs for drafts, Base packs to refine; a
 * count above 1 makes a batch whose candidates wait in the staging strip.
 */
export function PromptPanel({ editor, state }: { editor: Editor; state: EditorState }) {
  const { t } = useTranslation()
  const parameters = useSyncExternalStore(editor.parameters.subscribe, editor.parameters.get)
  const [prompt, setPrompt] = useState('')

  useEffect(() => {
    if (!state.dialog) void editor.parameters.load().catch((error: unknown) => editor.showError(error))
  }, [editor, state.dialog])

  if (!state.document) return null
  const { packs, steps, guidance, scheduler, strength, seedMode, seed, count, negativePrompt } = parameters
  const pack = editor.parameters.pack()
  const change = editor.parameters.change.bind(editor.parameters)
  // A feature the chosen pack cannot run has its button off, and the note under them says what it needs.
  const gaps = featureGaps(pack, ['generate', 'edit', 'inpaint', 'outpaint'], pack && editor.models.displayName(pack))
  const run = (kind: 'edit' | 'inpaint' | 'generate') => {
    if (pack) void editor.jobs.generate(kind, editor.parameters.sampling(kind, prompt, pack))
  }
  const sizeField = (side: 'width' | 'height') => (
    <input aria-label={t(`prompt.${side}`)} type="number" min={8} step={8} placeholder={t('prompt.auto')} value={parameters[side] ?? ''} onChange={(e) => change({ [side]: optionalNumber(e.target.value) })} />
  )

  return (
    <section className="prompt" aria-label={t('prompt.title')}>
      <textarea aria-label={t('prompt.prompt')} placeholder={t('prompt.placeholder')} value={prompt} onChange={(e) => setPrompt(e.target.value)} rows={3} />
      <details>
        <summary>{t('prompt.refine')}</summary>
        <textarea aria-label={t('prompt.negative')} placeholder={t('prompt.negative')} value={negativePrompt} onChange={(e) => change({ negativePrompt: e.target.value })} rows={2} />
        <div className="prompt-row">
          <label>
            {t('prompt.steps')}
            <input type="number" min={1} max={200} placeholder={t('prompt.auto')} value={steps ?? ''} onChange={(e) => change({ steps: optionalNumber(e.target.value) })} />
          </label>
          <label>
            {t('prompt.guidance')}
            <input type="number" min={0} max={30} step={0.5} placeholder={t('prompt.auto')} value={guidance ?? ''} onChange={(e) => change({ guidance: optionalNumber(e.target.value) })} />
          </label>
        </div>
        <div className="prompt-row">
          <label>
            {t('prompt.size')}
            <span className="prompt-row">
              {sizeField('width')}×{sizeField('height')}
            </span>
          </label>
          {pack && pack.family !== 'z-image' && (
            <label>
              {t('prompt.scheduler')}
              <select value={scheduler ?? 'euler'} onChange={(e) => change({ scheduler: e.target.value as typeof scheduler })}>
                {sdSchedulers.map((name) => (
                  <option key={name} value={name}>
                    {t(`prompt.schedulers.${name}`)}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
        <PresetsRow editor={editor} parameters={parameters} />
      </details>
      <div className="prompt-row">
        <select aria-label={t('prompt.pack')} value={pack?.id ?? ''} onChange={(e) => change({ packId: e.target.value })}>
          {packs.length === 0 && <option value="">{t('prompt.noPack')}</option>}
          {packs.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({p.variant})
            </option>
          ))}
        </select>
        <label className="count" title={t('prompt.countHint')}>
          ×
          <input aria-label={t('prompt.count')} type="number" min={1} max={MAX_BATCH} value={count} onChange={(e) => change({ count: Math.min(MAX_BATCH, Math.max(1, Number(e.target.value) || 1)) })} />
        </label>
      </div>
      <div className="prompt-row">
        <select aria-label={t('prompt.seedMode')} value={seedMode} onChange={(e) => change({ seedMode: e.target.value as SeedMode })}>
          {(['random', 'fixed', 'increment'] as const).map((mode) => (
            <option key={mode} value={mode}>
              {t(`prompt.seed.${mode}`)}
            </option>
          ))}
        </select>
        {seedMode !== 'random' && <input aria-label={t('prompt.seedValue')} type="number" min={0} value={seed} onChange={(e) => change({ seed: Number(e.target.value) })} />}
      </div>
      <div className="prompt-row">
        {strengthPresets.map((preset) => (
          <button key={preset.key} aria-pressed={strength === preset.strength} onClick={() => change({ strength: preset.strength })}>
            {t(`prompt.strength.${preset.key}`)}
          </button>
        ))}
        <input aria-label={t('prompt.strengthValue')} type="range" min={0} max={1} step={0.05} value={strength} onChange={(e) => change({ strength: Number(e.target.value) })} />
        <output>{strength.toFixed(2)}</output>
      </div>
      <div className="prompt-row">
        <button className="primary" disabled={blocked(gaps, 'edit')} onClick={() => run('edit')}>
          {t('prompt.edit')}
        </button>
        <button disabled={blocked(gaps, 'inpaint')} onClick={() => run('inpaint')}>
          {t('prompt.inpaint')}
        </button>
        <button disabled={blocked(gaps, 'generate')} onClick={() => run('generate')}>
          {t('prompt.generate')}
        </button>
      </div>
      <FeatureGapNote editor={editor} gaps={gaps} />
      <details>
        <summary>{t('prompt.outpaintTitle')}</summary>
        <div className="prompt-row outpaint">
          {(['left', 'top', 'right', 'bottom'] as const).map((side) => (
            <label key={side}>
              {t(`prompt.extend.${side}`)}
              <input type="number" min={0} max={8192} step={8} value={parameters.extend[side]} onChange={(e) => change({ extend: { ...parameters.extend, [side]: Math.max(0, Number(e.target.value) || 0) } })} />
            </label>
          ))}
          <label>
            {t('prompt.seam')}
            <input type="number" min={0} max={256} value={parameters.seam} onChange={(e) => change({ seam: Math.min(256, Math.max(0, Number(e.target.value) || 0)) })} />
          </label>
        </div>
        <button
          title={t('prompt.outpaintHint')}
          disabled={blocked(gaps, 'outpaint')}
          onClick={() => pack && void editor.jobs.outpaint(editor.parameters.sampling('outpaint', prompt, pack), parameters.extend, parameters.seam)}
        >
          {t('prompt.outpaint')}
        </button>
      </details>
    </section>
  )
}
