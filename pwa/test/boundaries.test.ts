import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'

// Test-only helpers live in pwa/test/, never in src/: what src/ holds ships to phones.
const SRC = fileURLToPath(new URL('../src', import.meta.url))

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name)
    if (e.isDirectory()) return modules(p)
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : []
  })
}

test('no shipped module imports test helpers, fakes or vitest', () => {
  const offenders = modules(SRC).filter((p) => {
    const text = readFileSync(p, 'utf8')
    return /from ['"](vitest|fake-indexeddb[^'"]*|happy-dom|(\.\.\/)+test\/[^'"]*)['"]/.test(text)
  })
  expect(offenders.map((p) => relative(SRC, p))).toEqual([])
})
