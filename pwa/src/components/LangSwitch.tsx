import { useI18n } from '../i18n'

/** One tap flips the language; the button names the target language in its own script. */
export function LangSwitch() {
  const { lang, t, setLang } = useI18n()
  const next = lang === 'zh-CN' ? 'en' : 'zh-CN'
  return (
    <button
      type="button"
      class="btn btn-ghost lang-switch"
      data-testid="lang-switch"
      data-lang={lang}
      lang={next}
      aria-label={t('lang.switchToFull')}
      title={t('lang.switchToFull')}
      onClick={() => setLang(next)}
    >
      <span class="lang-glyph" aria-hidden="true">文A </span>{t('lang.switchTo')}
    </button>
  )
}
