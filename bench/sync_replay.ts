// Replay the synthetic warehouse day (bench/sync_trace.py) through the TypeScript twin.
//
// Same three loops as bench/sync_replay.py over the same canonical JSON lines, each timed
// --runs times after a warm-up run (so V8 has optimised the hot paths, as in a long-lived
// PWA), reported as best and median ops/s:
//   decode-only baseline   decodeJson every line
//   merge                  Replica.applyOne + snapshot() over already decoded ops: the fold
//                          with its invariant checks and exception queue (the target)
//   full replay            decodeJson + Replica.applyOne + snapshot()
// Prints a table line per figure, a `result {json}` line that bench/sync_replay.py reads,
// and the sha256 of the canonical snapshot JSON, which it compares with the Python core's.
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

interface Timing {
  best: number // seconds
  median: number
}

/** Wall times of `runs` calls after one warm-up call (which lets the JIT settle). */
function timed<T>(runs: number, fn: () => T): [Timing, T] {
  let result = fn()
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    result = fn()
    times.push((performance.now() - t0) / 1000)
  }
  times.sort((a, b) => a - b)
  const mid = times.length >> 1
  const median = times.length % 2 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2
  return [{ best: times[0]!, median }, result]
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

  const [decode, ops] = timed(runs, () => {
    const ops: Op[] = new Array<Op>(n)
    for (let i = 0; i < n; i++) ops[i] = decodeJson(lines[i]!)
    return ops
  })
  const [merge] = timed(runs, () => {
    const r = new Replica(meta.horizon)
    for (let i = 0; i < n; i++) r.applyOne(ops[i]!)
    r.snapshot()
    return r
  })
  const [full, replica] = timed(runs, () => {
    const r = new Replica(meta.horizon)
    for (let i = 0; i < n; i++) r.applyOne(decodeJson(lines[i]!))
    r.snapshot()
    return r
  })
  const digest = createHash('sha256').update(replica.snapshotJson(), 'utf8').digest('hex')
  const rate = (t: Timing): { best: number; median: number } => ({ best: n / t.best, median: n / t.median })
  const result = { ops: n, runs, decode: rate(decode), merge: rate(merge), full: rate(full), target: TARGET }
  const fmt = (x: number): string => Math.round(x).toLocaleString('en-US').padStart(9)
  console.log(`trace: ${n.toLocaleString('en-US')} ops (${trace}), ${runs} timed runs each`)
  for (const [label, r] of [
    ['decode-only baseline', result.decode],
    ['merge', result.merge],
    ['full replay', result.full],
  ] as const) {
    console.log(`typescript ${label.padEnd(20)} best ${fmt(r.best)} ops/s   median ${fmt(r.median)} ops/s`)
  }
  const verdict = result.merge.best >= TARGET ? 'ok' : 'BELOW TARGET'
  console.log(`typescript merge target ${TARGET.toLocaleString('en-US')} ops/s: ${verdict}`)
  console.log(`result ${JSON.stringify(result)}`)
  console.log(`sha256 ${digest}`)
}

main()
