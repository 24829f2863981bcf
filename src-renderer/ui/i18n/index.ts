import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import type { AppErrorData } from '../../../src-shared/contract'
import { en } from './en'
import { zhCN } from './zh-CN'

export const languages = ['en', 'zh-CN'] as const
const storageKey = 'editor.language'

/** The user's choice if they made one, else the system language: Chinese for any zh-*, English otherwise. */
function initialLanguage(): string {
  const chosen = localStorage.getItem(storageKey)
  if (chosen && (languages as readonly string[]).includes(chosen)) return chosen
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en'
}

export const i18n = i18next.createInstance()
void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
})
document.documentElement.lang = i18n.language

export function toggleLanguage(): void {
  const next = i18n.language === 'zh-CN' ? 'en' : 'zh-CN'
  localStorage.setItem(storageKey, next)
  document.documentElement.lang = next
  void i18n.changeLanguage(next)
}

/** An error in the user's language, with its details filled in. */
export function errorText(error: AppErrorData): string {
  return i18n.t(`error.${error.code}`, { ...error.details, message: error.message, defaultValue: error.message })
}
