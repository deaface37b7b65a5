import { readFileSync } from 'node:fs'
import { decodeJson, Replica, type Op } from './src/sync/index'
const lines = readFileSync('/work/main/artifacts/bench/sync_trace.jsonl', 'utf8').split('\n'); lines.pop()
const ops: Op[] = lines.map((l) => decodeJson(l))
let best = [9e9, 9e9, 9e9]
for (let k = 0; k < 6; k++) {
  const t = performance.now()
  const r = new Replica(1717452300000); for (const o of ops) r.applyOne(o); const t1 = performance.now(); r.snapshot()
  const t2 = performance.now()
  for (const l of lines) decodeJson(l)
  const t3 = performance.now()
  best = [Math.min(best[0]!, t1 - t), Math.min(best[1]!, t2 - t1), Math.min(best[2]!, t3 - t2)]
}
const f = (x: number) => (x / ops.length * 1e3).toFixed(3)
console.log(`apply ${f(best[0]!)}  snapshot ${f(best[1]!)}  decode ${f(best[2]!)} us/op`)
