// Scan feedback a picker notices without looking: a short beep and a buzz, different for errors.
let ctx: AudioContext | null = null

function tone(freq: number, ms: number, at = 0) {
  const AC = (globalThis as { AudioContext?: typeof AudioContext; webkitAudioContext?: typeof AudioContext }).AudioContext
    ?? (globalThis as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext
  if (!AC) return
  ctx ??= new AC()
  const c = ctx
  const t0 = c.currentTime + at / 1000
  const osc = c.createOscillator()
  const gain = c.createGain()
  osc.type = 'square'
  osc.frequency.value = freq
  gain.gain.setValueAtTime(0.15, t0)
  gain.gain.exponentialRampToValueAtTime(0.001, t0 + ms / 1000)
  osc.connect(gain).connect(c.destination)
  osc.start(t0)
  osc.stop(t0 + ms / 1000)
}

export function feedback(ok: boolean) {
  try {
    if (ok) tone(1760, 90)
    else {
      tone(330, 180)
      tone(220, 260, 200)
    }
  } catch {
    /* audio blocked: vibration still works */
  }
  try {
    navigator.vibrate?.(ok ? 60 : [200, 80, 200])
  } catch {
    /* not supported */
  }
}
