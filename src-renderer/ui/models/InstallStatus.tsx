import { useTranslation } from 'react-i18next'
import type { ModelLibraryState } from '../../editor/models/ModelLibrary'
import { formatBytes, timeLeft } from './format'

type Install = NonNullable<ReturnType<ModelLibraryState['installs']['get']>>

/** One install in flight: a bar, what it is doing (downloading or verifying which file), bytes, rate, time left, and Cancel. */
export function InstallStatus({ install, label, onCancel }: { install: Install; label: string; onCancel: () => void }) {
  const { t } = useTranslation()
  const { progress } = install
  return (
    <div className="install-progress" data-source={install.request.source}>
      <strong>{label}</strong>
      <progress data-testid="install-progress" max={progress?.bytesTotal || 1} value={progress?.bytesDone ?? 0} />
      <span>
        {progress
          ? t('models.progress', {
              phase: t(`models.phase.${progress.phase}`),
              file: progress.file,
              done: formatBytes(progress.bytesDone),
              total: formatBytes(progress.bytesTotal),
              speed: formatBytes(progress.bytesPerSecond),
              left: timeLeft(t, progress.secondsLeft),
            })
          : t('models.starting')}
      </span>
      <button type="button" onClick={onCancel}>
        {t('models.cancel')}
      </button>
    </div>
  )
}
