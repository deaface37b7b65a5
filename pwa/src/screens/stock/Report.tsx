// The day's inspection report (检验报告) on the QC screen: the server's report (cached, so
// it shows offline with its age), and its A4 PDF from server/printing.
import { useState } from 'preact/hooks'
import { getAuth } from '../../authstate'
import { openBody } from '../../http/client'
import { useI18n } from '../../i18n'
import { useCached } from '../../useCached'
import { bare } from './common'

interface ReportRow {
  op: string
  at: string
  sku: string
  result: 'pass' | 'fail'
  by: string
  note: string
  receipt: string
}

interface InspectionReport {
  day: string
  total: number
  passed: number
  failed: number
  rows: ReportRow[]
}

export function Report({ day }: { day: string }) {
  const { t } = useI18n()
  const auth = getAuth()
  const token = auth.phase === 'ready' ? auth.session.token : undefined
  const url = `/api/quality/report?day=${encodeURIComponent(day)}`
  const report = useCached<InspectionReport>(url, token)
  const [failed, setFailed] = useState(false)
  const r = report.data

  const openPdf = async () => {
    setFailed(false)
    try {
      const body = await openBody(`${url}&format=pdf`, { token })
      const blob = await new Response(body).blob()
      window.open(URL.createObjectURL(new Blob([blob], { type: 'application/pdf' })), '_blank')
    } catch {
      setFailed(true)
    }
  }

  return (
    <section class="card" data-testid="qc-report" data-total={r?.total ?? ''}>
      <h2>{t('qc.report', { day })}</h2>
      {!r || r.total === 0 ? (
        <p class="muted">{t('qc.reportNone')}</p>
      ) : (
        <>
          <p>{t('qc.reportTally', { total: r.total, passed: r.passed, failed: r.failed })}</p>
          <ul class="rows mt">
            {r.rows.slice(-10).map((row) => (
              <li key={row.op} class="row static">
                <span class="row-main">
                  <span class="row-title mono">{bare(row.sku)}</span>
                  <span class={`row-sub ${row.result === 'fail' ? 'alert' : ''}`}>
                    {row.at} · {row.result === 'pass' ? t('qc.pass') : t('qc.fail')} · {row.by}
                    {row.note && ` · ${row.note}`}
                  </span>
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      <button type="button" class="btn btn-small mt" data-testid="qc-report-pdf" onClick={() => void openPdf()}>
        {t('qc.reportPdf')}
      </button>
      {failed && <p class="form-error">{t('qc.reportNone')}</p>}
    </section>
  )
}
