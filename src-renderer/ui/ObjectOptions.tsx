import { useEffect, useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'
import type { Editor } from '../editor/Editor'

/**
 * Select › Object's options: the SAM pack (when there are several), "sample all layers", what the keys do, and a
 * spinner while the first click on an image runs the encoder; with no SAM pack, what is needed and the Model manager.
 */
export function ObjectOptions({ editor, dialogOpen }: { editor: Editor; dialogOpen: boolean }) {
  const { t } = useTranslation()
  const { packs } = useSyncExternalStore(editor.models.subscribe, editor.models.get)
  const prompt = useSyncExternalStore(editor.objectSelection.subscribe, editor.objectSelection.get)
  useEffect(() => {
    if (!dialogOpen) void editor.models.refresh()
  }, [editor, dialogOpen])
  const segmenters = packs.filter((pack) => pack.family === 'sam')
  if (segmenters.length === 0 || prompt.missingPack) {
    return (
      <div className="optionsbar">
        <span className="gap-note" data-testid="object-models">
          {t('object.needsPack')}{' '}
          <button className="link" onClick={() => editor.openDialog('models')}>
            {t('models.gap.open')}
          </button>
        </span>
      </div>
    )
  }
  // What the tool holds, for a test to read: the prompt, the mask shown and the compute host's encoder runs so far.
  const readout = JSON.stringify({
    points: prompt.points.length,
    box: prompt.box !== undefined,
    preview: prompt.preview ? (prompt.preview.tentative ? 'hover' : 'prompt') : 'none',
    selected: prompt.preview?.selected ?? 0,
    pending: prompt.pending,
    encoderRuns: prompt.encoderRuns ?? 0,
  })
  return (
    <div className="optionsbar" data-testid="object-options" data-object={readout}>
      {segmenters.length > 1 && (
        <label>
          {t('object.pack')}
          <select value={prompt.packId ?? segmenters[0]!.id} onChange={(e) => editor.objectSelection.setOptions({ packId: e.target.value })}>
            {segmenters.map((pack) => (
              <option key={pack.id} value={pack.id}>
                {editor.models.displayName(pack)}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        <input type="checkbox" checked={prompt.sampleAll} onChange={(e) => editor.objectSelection.setOptions({ sampleAll: e.target.checked })} />
        {t('wand.sampleAll')}
      </label>
      {prompt.encoding ? (
        <span className="hint" data-testid="object-encoding">
          <progress className="busy" /> {t('object.encoding')}
        </span>
      ) : (
        <span className="hint">{t(prompt.points.length > 0 || prompt.box ? 'object.hintMore' : 'object.hint')}</span>
      )}
    </div>
  )
}
