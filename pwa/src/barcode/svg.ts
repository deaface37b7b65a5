// Module matrices → SVG markup. Pure: one <path> of unit squares in module coordinates, so the
// caller sizes it in millimetres and the printer gets crisp edges at any resolution.

export interface Symbol2D {
  width: number
  height: number
  /** row-major, 1 = dark module */
  dark: Uint8Array
}

/** A linear symbol's bars: runs of dark modules in its first row as [start, width]. */
export function barRuns(s: Symbol2D): [number, number][] {
  const runs: [number, number][] = []
  let start = -1
  for (let x = 0; x <= s.width; x++) {
    const on = x < s.width && s.dark[x] === 1
    if (on && start < 0) start = x
    if (!on && start >= 0) {
      runs.push([start, x - start])
      start = -1
    }
  }
  return runs
}

/** Path data for a linear barcode one unit high (stretched to the box by the SVG). */
export function linearPath(s: Symbol2D): string {
  return barRuns(s).map(([x, w]) => `M${x} 0h${w}v1h-${w}z`).join('')
}

/** Path data for a 2D matrix: one run per row segment. */
export function matrixPath(s: Symbol2D): string {
  const parts: string[] = []
  for (let y = 0; y < s.height; y++) {
    let start = -1
    for (let x = 0; x <= s.width; x++) {
      const on = x < s.width && s.dark[y * s.width + x] === 1
      if (on && start < 0) start = x
      if (!on && start >= 0) {
        parts.push(`M${start} ${y}h${x - start}v1h-${x - start}z`)
        start = -1
      }
    }
  }
  return parts.join('')
}

/** Quiet zones in modules: Code128 needs 10X either side, QR 4 modules all round. */
export const QUIET = { Code128: 10, QRCode: 4 } as const

/** A standalone SVG document (for rasterising or saving). */
export function symbolSvg(s: Symbol2D, kind: 'linear' | 'matrix', size: { width: number; height: number }): string {
  const q = kind === 'linear' ? QUIET.Code128 : QUIET.QRCode
  const vw = s.width + 2 * q
  const vh = kind === 'linear' ? 1 : s.height + 2 * q
  const d = kind === 'linear' ? linearPath(s) : matrixPath(s)
  const dy = kind === 'linear' ? 0 : q
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size.width}" height="${size.height}" viewBox="${-q} ${-dy} ${vw} ${vh}" preserveAspectRatio="none" shape-rendering="crispEdges">` +
    `<rect x="${-q}" y="${-dy}" width="${vw}" height="${vh}" fill="#fff"/><path d="${d}" fill="#000"/></svg>`
  )
}
