import { useEffect, useState } from 'preact/hooks'
import { zhCN, type MessageKey, type Catalog } from './zh-CN'
import { en } from './en'

export type Lang = 'zh-CN' | 'en'
export type { MessageKey }
export const LANGS: readonly Lang[] = ['zh-CN', 'en']
export const catalogs: Record<Lang, Catalog> = { 'zh-CN': zhCN, en }

const STORAGE_KEY = 'packline.lang'

/** zh* in the browser's preference list wins over later entries; anything else is English. */
export function detectLang(languages: readonly string[] | undefined): Lang {
  for (const l of languages ?? []) {
    const low = l.toLowerCase()
    if (low.startsWith('zh')) return 'zh-CN'
    if (low.startsWith('en')) return 'en'
  }
  return 'en'
}

export function format(template: string, params?: Record<string, string | number>): string {
  if (!params) return template
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m))
}

export function translate(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  return format(catalogs[lang][key] ?? zhCN[key], params)
}

function initialLang(): Lang {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY)
    if (saved === 'zh-CN' || saved === 'en') return saved
  } catch {
    // Storage can be blocked (private mode); fall through to detection.
  }
  return detectLang(globalThis.navigator?.languages)
}

let current: Lang = initialLang()
const listeners = new Set<(l: Lang) => void>()

function applyToDocument(lang: Lang) {
  if (typeof document !== 'undefined') document.documentElement.lang = lang
}
applyToDocument(current)

export function getLang(): Lang {
  return current
}

export function setLang(lang: Lang) {
  current = lang
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang)
  } catch {
    /* not persisted; still switch for this session */
  }
  applyToDocument(lang)
  listeners.forEach((fn) => fn(lang))
}

export type T = (key: MessageKey, params?: Record<string, string | number>) => string

/** Re-renders the caller when the language changes. */
export function useI18n(): { lang: Lang; t: T; setLang: (l: Lang) => void } {
  const [lang, setLocal] = useState(current)
  useEffect(() => {
    listeners.add(setLocal)
    return () => void listeners.delete(setLocal)
  }, [])
  const t: T = (key, params) => translate(lang, key, params)
  return { lang, t, setLang }
}
