// Replay the synthetic warehouse day (bench/sync_trace.py) through the TypeScript twin.
//
// Same loops as bench/sync_replay.py over the same canonical JSON lines, best of N after
// a warm-up run (so V8 has optimised the hot paths, as in a long-lived PWA):
//   merge                  decodeJson + Replica.applyOne + snapshot() (the full replay)
//   decode-only baseline   decodeJson every line
//   materialise alone      Replica.applyOne + snapshot() over already decoded ops
// Prints the ops/s table line and the sha256 of the canonical snapshot JSON, which
// bench/sync_replay.py compares with the Python core's.
//
// Usage: cd pwa && npx tsx ../bench/sync_replay.ts [trace.jsonl] [--runs 5]
// (generate the trace first: uv run python bench/sync_trace.py)
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { decodeJson, Replica, type Op } from '../pwa/src/sync/index'

const TARGET = 500_000

function args(): { trace: string; runs: number } {
  const argv = process.argv.slice(2)
  let runs = 5
  let trace = fileURLToPath(new URL('../artifacts/bench/sync_trace.jsonl', import.meta.url))
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--runs') runs = Number(argv[++i])
    else trace = argv[i]!
  }
  return { trace, runs }
}

function bestOf<T>(runs: number, fn: () => T): [number, T] {
  let result = fn() // warm-up: let the JIT settle before timing
  let best = Infinity
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    result = fn()
    best = Math.min(best, performance.now() - t0)
  }
  return [best / 1000, result]
}

function main(): void {
  const { trace, runs } = args()
  if (!existsSync(trace)) {
    console.error(`${trace} not found: run \`uv run python bench/sync_trace.py\` first`)
    process.exit(2)
  }
  const meta = JSON.parse(readFileSync(trace.replace(/\.jsonl$/, '.meta.json'), 'utf8')) as { horizon: number }
  const lines = readFileSync(trace, 'utf8').split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  const n = lines.length

  const [tDecode, ops] = bestOf(runs, () => {
    const ops: Op[] = new Array<Op>(n)
    for (let i = 0; i < n; i++) ops[i] = decodeJson(lines[i]!)
    return ops
  })
  const [tAlone] = bestOf(runs, () => {
    const r = new Replica(meta.horizon)
    for (let i = 0; i < n; i++) r.applyOne(ops[i]!)
    r.snapshot()
    return r
  })
  const [tMerge, replica] = bestOf(runs, () => {
    const r = new Replica(meta.horizon)
    for (let i = 0; i < n; i++) r.applyOne(decodeJson(lines[i]!))
    r.snapshot()
    return r
  })
  const digest = createHash('sha256').update(replica.snapshotJson(), 'utf8').digest('hex')
  const merge = n / tMerge
  const base = n / tDecode
  const fmt = (x: number): string => Math.round(x).toLocaleString('en-US').padStart(9)
  const verdict = merge >= TARGET ? 'ok' : 'BELOW TARGET'
  console.log(`trace: ${n.toLocaleString('en-US')} ops (${trace})`)
  console.log(
    `${'typescript'.padEnd(10)} merge ${fmt(merge)} ops/s   (decode-only baseline ${fmt(base)} ops/s;` +
      ` materialise alone ${fmt(n / tAlone)} ops/s)   target ${TARGET.toLocaleString('en-US')}: ${verdict}`,
  )
  console.log(`sha256 ${digest}`)
}

main()
