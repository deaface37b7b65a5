import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { prepareZXingModule, writeBarcode } from 'zxing-wasm/writer'
import { barRuns, linearPath, matrixPath, symbolSvg, type Symbol2D } from './svg'

const sym = (width: number, height: number, bits: string): Symbol2D => ({
  width, height, dark: Uint8Array.from(bits.replace(/\s/g, ''), (c) => (c === '1' ? 1 : 0)),
})

describe('symbol → SVG', () => {
  it('turns a linear row into bar runs and path data', () => {
    const s = sym(8, 1, '11010011')
    expect(barRuns(s)).toEqual([[0, 2], [3, 1], [6, 2]])
    expect(linearPath(s)).toBe('M0 0h2v1h-2zM3 0h1v1h-1zM6 0h2v1h-2z')
  })

  it('draws a matrix row by row', () => {
    expect(matrixPath(sym(3, 2, '101 011'))).toBe('M0 0h1v1h-1zM2 0h1v1h-1zM1 1h2v1h-2z')
  })

  it('wraps it in a document with a white quiet zone', () => {
    const svg = symbolSvg(sym(3, 3, '111 101 111'), 'matrix', { width: 88, height: 88 })
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="88" height="88" viewBox="-4 -4 11 11"/)
    expect(svg).toContain('<rect x="-4" y="-4" width="11" height="11" fill="#fff"/>')
  })

  it('encodes a tracking number with the bundled zxing writer (Code128: start, data, stop)', async () => {
    const wasm = readFileSync('node_modules/zxing-wasm/dist/writer/zxing_writer.wasm')
    prepareZXingModule({ overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) } })
    const r = await writeBarcode('SF1234567890', { format: 'Code128', addQuietZones: false })
    expect(r.error).toBe('')
    const row: Symbol2D = { width: r.symbol.width, height: 1, dark: Uint8Array.from(r.symbol.data.slice(0, r.symbol.width), (v) => (v < 128 ? 1 : 0)) }
    // Code128 modules: 11 per symbol char (start + data + check) + 13 for the stop pattern.
    expect((row.width - 13) % 11).toBe(0)
    // Starts and ends on a bar; the stop pattern ends in a 2-module bar.
    expect(row.dark[0]).toBe(1)
    expect(barRuns(row).at(-1)![1]).toBe(2)
  })
})
