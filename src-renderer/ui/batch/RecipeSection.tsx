import { useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { Editor, EditorState } from '../../editor/Editor'
import type { BatchDeskState } from '../../editor/batch/BatchDesk'
import { ancestorsOf } from '../../editor/batch/recipeRange'
import { formatVersionTime } from '../i18n/format'

type SaveFile = (file: { fileName: string; mimeType: string; bytes: Uint8Array }) => void

/** The recipe: recorded from a run of the open photo's history, or loaded from a file; its steps, and Save. */
export function RecipeSection({ editor, state, batch, saveFile }: { editor: Editor; state: EditorState; batch: BatchDeskState; saveFile: SaveFile }) {
  const { t, i18n } = useTranslation()
  const desk = editor.batch
  const fileInput = useRef<HTMLInputElement>(null)
  const document = state.document
  const history = document ? state.history : []
  const to = batch.to ?? document?.head
  // The original (the version that opened the photo) is the first choice, as "from the original".
  const starts = to === undefined ? [] : ancestorsOf(history, to).filter((entry) => entry.parentId !== null)
  const label = (entry: (typeof history)[number]) =>
    `${t(`operation.${entry.operation}`, { defaultValue: entry.operation })}${entry.prompt ? ` “${entry.prompt}”` : ''} · ${formatVersionTime(i18n.language, entry.createdAt)}`
  const recipe = desk.current()

  const load = async (file: File | undefined) => file && (await desk.loadRecipe(await file.text()))

  return (
    <section className="batch-recipe" aria-label={t('batch.recipe.title')}>
      <h3>{t('batch.recipe.title')}</h3>
      <div className="batch-row">
        <label className="grow">
          <span>{t('batch.recipe.name')}</span>
          <input data-testid="recipe-name" value={batch.name} placeholder={document ? document.name : t('batch.recipe.namePlaceholder')} onChange={(e) => desk.edit({ name: e.target.value })} />
        </label>
        {document && (
          <>
        <label>
          <span>{t('batch.recipe.from')}</span>
          <select data-testid="recipe-from" value={batch.from ?? ''} onChange={(e) => desk.chooseRange(e.target.value ? Number(e.target.value) : undefined, batch.to)}>
            <option value="">{t('batch.recipe.fromOriginal')}</option>
            {starts.map((entry) => (
              <option key={entry.id} value={entry.id}>
                {t('batch.recipe.after', { version: label(entry) })}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('batch.recipe.to')}</span>
          <select data-testid="recipe-to" value={to ?? ''} onChange={(e) => desk.chooseRange(undefined, Number(e.target.value))}>
            {history.map((entry) => (
              <option key={entry.id} value={entry.id}>
                {entry.isHead ? t('batch.recipe.current', { version: label(entry) }) : label(entry)}
              </option>
            ))}
          </select>
        </label>
        <button data-testid="recipe-record" onClick={() => void desk.record(document.id, document.name.replace(/\.[^.]+$/, ''))}>
          {t('batch.recipe.record')}
        </button>
          </>
        )}
      </div>
      <div className="batch-row">
        <button onClick={() => fileInput.current?.click()}>{t('batch.recipe.load')}</button>
        <button data-testid="recipe-save" disabled={!recipe} onClick={() => recipe && saveFile(desk.recipeFile()!)}>
          {t('batch.recipe.save')}
        </button>
        <input ref={fileInput} type="file" accept=".json,application/json" hidden data-testid="recipe-file" onChange={(e) => void load(e.target.files?.[0]).then(() => (e.target.value = ''))} />
        {recipe ? (
          <ol className="recipe-steps" data-testid="recipe-steps" aria-label={t('batch.recipe.steps')}>
            {recipe.steps.map((step, i) => (
              <li key={i}>{t(`batch.step.${step.op}`, { defaultValue: step.op })}</li>
            ))}
            {recipe.steps.length === 0 && <li>{t('batch.recipe.noSteps')}</li>}
          </ol>
        ) : (
          <p className="hint">{t(document ? 'batch.recipe.hint' : 'batch.recipe.hintNoPhoto')}</p>
        )}
      </div>
    </section>
  )
}
