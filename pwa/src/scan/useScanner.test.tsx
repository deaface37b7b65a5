// @vitest-environment happy-dom
import { render } from 'preact'
import { act } from 'preact/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { useScanner, type ScanSource } from './useScanner'
import { frameGap } from '../components/CameraScanner'

const got: [string, ScanSource][] = []
function Probe() {
  const s = useScanner((code, source) => got.push([code, source]))
  return (
    <div>
      <input data-testid="scan" ref={(el) => { s.inputRef.current = el }} />
      <input data-testid="other" />
      <button data-testid="btn">x</button>
    </div>
  )
}

/** A wedge burst as the browser delivers it: keydown events `gap` ms apart, then Enter. */
function burst(target: EventTarget, code: string, t0: number, end = 'Enter', gap = 6): boolean {
  let prevented = false
  ;[...code, end].forEach((key, i) => {
    const e = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true })
    Object.defineProperty(e, 'timeStamp', { value: t0 + i * gap })
    if (target instanceof HTMLInputElement && key.length === 1) target.value += key // the browser types it
    target.dispatchEvent(e)
    prevented = e.defaultPrevented
  })
  return prevented
}

let root: HTMLElement
function mount() {
  root = document.createElement('div')
  document.body.appendChild(root)
  act(() => render(<Probe />, root))
}
afterEach(() => {
  act(() => render(null, root))
  root.remove()
  got.length = 0
  localStorage.clear()
})

describe('useScanner', () => {
  it('a burst with the focus nowhere is a scan, its Enter or Tab swallowed', () => {
    mount()
    expect(burst(document.body, 'SF1000000001', 1_000)).toBe(true)
    expect(burst(document.body, 'SF1000000002', 5_000, 'Tab')).toBe(true)
    expect(got).toEqual([['SF1000000001', 'scanner'], ['SF1000000002', 'scanner']])
  })

  it('100 bursts on a focused button, none lost, none clicking it', () => {
    mount()
    const btn = root.querySelector('[data-testid=btn]')!
    let clicks = 0
    btn.addEventListener('click', () => clicks++)
    for (let i = 0; i < 100; i++) burst(btn, `YT${String(i).padStart(10, '0')}`, 10_000 + i * 1_000)
    expect(got.map(([c]) => c)).toEqual(Array.from({ length: 100 }, (_, i) => `YT${String(i).padStart(10, '0')}`))
    expect(clicks).toBe(0)
  })

  it('the same read within 100 ms counts once; a later one counts again', () => {
    mount()
    burst(document.body, 'SKU123456', 1_000)
    burst(document.body, 'SKU123456', 1_000 + 9 * 6 + 40) // the scanner read it twice
    burst(document.body, 'SKU123456', 3_000) // the picker scanned it again
    expect(got).toEqual([['SKU123456', 'scanner'], ['SKU123456', 'scanner']])
  })

  it('a scan while another field has the focus leaves that field as the person typed it', () => {
    mount()
    const other = root.querySelector<HTMLInputElement>('[data-testid=other]')!
    other.value = '2'
    burst(other, 'SKU999999', 1_000)
    expect(got).toEqual([['SKU999999', 'scanner']])
    expect(other.value).toBe('2')
  })

  it('the scanner typing into the scan box is one scan, and the box is cleared', () => {
    mount()
    const box = root.querySelector<HTMLInputElement>('[data-testid=scan]')!
    burst(box, 'PK-SH01-1', 1_000)
    expect(got).toEqual([['PK-SH01-1', 'scanner']])
    expect(box.value).toBe('')
  })
})

describe('camera throttle', () => {
  it('waits twice the decode time, between 150 ms and 1 s', () => {
    expect(frameGap(10)).toBe(150)
    expect(frameGap(120)).toBe(240)
    expect(frameGap(900)).toBe(1000)
  })
})
