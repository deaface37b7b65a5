// Runs every case of every tests/vectors/*.json file exactly as tests/vectors/README.md
// specifies — the same cases tests/sync/test_vectors.py runs against the Python core.
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  Clock,
  ClockSkewError,
  compareHlc,
  DecodeError,
  decodeJson,
  decodeMsgpack,
  encodeJson,
  encodeJsonText,
  encodeMsgpack,
  KINDS,
  materialise,
  opId,
  Replica,
  scope,
  type Hlc,
  type Op,
} from './index'
import * as courier from './courier'
import * as rules from './rules'
import * as picking from './picking'
import * as quality from './quality'
import * as privacy from './privacy'
import { SHIPPING_RULES } from './shipping.vectors'
import { decodeMessage, type MessageName } from './wire'
import { rng, shuffle } from '../../test/seeded'

type Case = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

const DIR = fileURLToPath(new URL('../../../tests/vectors/', import.meta.url))
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
const cases: [string, Case][] = FILES.flatMap((f) =>
  (JSON.parse(readFileSync(DIR + f, 'utf8')) as Case[]).map((c, i): [string, Case] => [`${f.slice(0, -5)}[${i}] ${c.comment}`, c]),
)

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'))
const text = (b: Uint8Array): string => new TextDecoder().decode(b)
const hlc = (v: [number, number, string]): Hlc => ({ wall: v[0], ctr: v[1], node: v[2] })

function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [xs.slice()]
  const out: T[][] = []
  xs.forEach((x, i) => {
    for (const rest of permutations([...xs.slice(0, i), ...xs.slice(i + 1)])) out.push([x, ...rest])
  })
  return out
}

function runHlc(c: Case): void {
  let phys = 0
  const last = c.start ? { wall: c.start[0], ctr: c.start[1], node: c.node } : null
  const clock = new Clock(c.node, () => phys, c.max_drift_ms, last)
  for (const step of c.steps) {
    if (step.do === 'compare') {
      expect(compareHlc(hlc(step.a), hlc(step.b)), JSON.stringify(step)).toBe(step.expect)
      continue
    }
    phys = step.phys
    if ('error' in step) {
      const before = clock.last
      expect(() => clock.receive(hlc(step.remote))).toThrow(ClockSkewError)
      expect(clock.last).toEqual(before)
      continue
    }
    const got = step.do === 'now' ? clock.now() : clock.receive(hlc(step.remote))
    expect(got, JSON.stringify(step)).toEqual(hlc(step.expect))
  }
}

function runEncoding(c: Case): void {
  const op = decodeJson(JSON.stringify(c.op))
  expect(opId(op)).toBe(c.id)
  expect(encodeJsonText(op)).toBe(c.json)
  expect(text(encodeJson(op))).toBe(c.json)
  expect(hex(encodeMsgpack(op))).toBe(c.msgpack)
  expect(text(encodeJson(decodeMsgpack(unhex(c.msgpack))))).toBe(c.json)
  expect(hex(encodeMsgpack(decodeJson(new TextEncoder().encode(c.json))))).toBe(c.msgpack)
  // built directly (keys in any order) encodes the same
  const built = { ...c.op, payload: c.op.payload } as Op
  expect(encodeJsonText(built)).toBe(c.json)
}

function runDecodeError(c: Case): void {
  if ('input' in c) {
    expect(() => decodeJson(c.input)).toThrow(DecodeError)
    expect(() => decodeJson(new TextEncoder().encode(c.input))).toThrow(DecodeError)
  } else expect(() => decodeMsgpack(unhex(c.input_msgpack))).toThrow(DecodeError)
}

/** Orders to try: as given, permutations or seeded shuffles, and shuffled with duplicates. */
function orders(c: Case, ops: Op[]): Op[][] {
  const runs = [ops]
  if (!c.permutations) return runs
  const rand = rng(ops.length)
  if (ops.length <= 6) runs.push(...permutations(ops))
  else for (let i = 0; i < 20; i++) runs.push(shuffle(ops, rand))
  // duplicates as separately decoded objects, so the replica must compare by id and bytes
  const copies = ops.map((o) => decodeMsgpack(encodeMsgpack(o)))
  runs.push(shuffle([...ops, ...copies], rand))
  return runs
}

function runState(c: Case): void {
  const raw: unknown[] = [...(c.initial ?? []), ...c.ops]
  const ops = raw.map((o) => decodeJson(JSON.stringify(o)))
  const horizon: number | null = c.horizon ?? null
  for (const order of orders(c, ops)) {
    const ids = order.map(opId).join(' ')
    expect(materialise(order, { horizon }), ids).toEqual(c.expected)
    const replica = new Replica(horizon)
    for (const o of order) {
      replica.applyOne(o)
      replica.snapshot() // interleaved reads must not disturb the result
    }
    expect(replica.snapshot(), `incremental ${ids}`).toEqual(c.expected)
  }
}

const sorted = (s: ReadonlySet<string>): string[] => [...s].sort()
// rule name -> how to call it with a case's `args` (orders arrive in snapshot form)
const RULES: Record<string, (a: Case) => unknown> = {
  status_sets: () => ({
    open: sorted(rules.OPEN), live: sorted(rules.LIVE), terminal: sorted(rules.TERMINAL),
    to_ship: sorted(rules.TO_SHIP), gone: sorted(rules.GONE),
  }),
  is_held: (a) => rules.isHeld(a.order),
  is_to_ship: (a) => rules.isToShip(a.order),
  printable: (a) => rules.printable(a.order),
  on_documents: (a) => rules.onDocuments(a.order),
  live_labels: (a) => rules.liveLabels(a.order),
  label_refusal: (a) => rules.labelRefusal(a.order),
  address_of: (a) => rules.addressOf(a.fields),
  full_address: (a) => rules.fullAddress(a.fields),
  special_text: (a) => rules.specialText(a.fields),
  is_special: (a) => rules.isSpecial(a.fields),
  carrier_key: (a) => rules.carrierKey(a.fields),
  judge_scan: (a) => rules.judgeScan(a.order ?? undefined, a.tracking, a.scanned),
  normalise_tracking: (a) => rules.normaliseTracking(a.raw),
  order_counts: (a) => rules.orderCounts(a.orders),
  next_slot: (a) => rules.nextSlot(a.times, a.clock) ?? null,
  // picking (picking.ts, tests/vectors/picking.json)
  pick_sequence: (a) => picking.pickSequence(a.lines),
  pick_verdict: (a) => picking.pickVerdict(a.line, a.qty, a.confirmed),
  next_order: (a) => picking.nextOrder(a.sku, a.orders),
  in_shortage_basket: (a) => picking.inShortageBasket(a.order),
  shortage_basket: (a) => picking.shortageBasket(a.orders),
  allowance_left: (a) => picking.allowanceLeft(a.stock, a.device),
  spend_verdict: (a) => picking.spendVerdict(a.stock, a.device, a.qty),
  allocate_shortage: (a) => picking.allocateShortage(a.sku, a.qty, a.orders),
  // issue 14 (quality.ts)
  sku_rows: (a) => quality.skuRows(a.stock),
  delist: (a) => quality.delist(a.rows),
  count_differences: (a) => quality.countDifferences(a.stock),
  draw_hash: (a) => (a.pairs as [string, string][]).map(([s, k]) => quality.drawHash(s, k)),
  reship_checks: (a) => quality.reshipChecks(a.orders, a.stock, a.warehouse),
  combine_rows: (a) => quality.combineRows(a.catalogue, a.stock),
  measure_passes: (a) => (a.measures as [number, number, number][]).map(([v, t, tol]) => quality.measurePasses(v, t, tol)),
  defect_source: (a) => quality.defectSource(a.stock, a.sku),
  uninspected: (a) => quality.uninspected(a.stock, a.since, a.until),
  spot_check_sample: (a) => quality.spotCheckSample(a.seed, a.rows),
  phone_visible: (a) => privacy.phoneVisible(a.roles),
  mask_phone: (a) => privacy.maskPhone(a.phone),
  partition: (a) => privacy.partition(a.roles, a.code),
  masked_payload: (a) => privacy.maskedPayload(a.kind, a.payload),
  // ./courier (issue 13)
  proof_missing: (a) => courier.proofMissing(a.policy, a.proof),
  proof_kept: (a) => courier.proofKept(a.policy, a.proof),
  failed_next: (a) => courier.failedNext(a.reason, a.attempts),
  deliver_verdict: (a) => courier.deliverVerdict(a.status, a.held),
  ...SHIPPING_RULES,
}

/** Decode the message as its type and back to a JSON value: the same (or `expected`). */
function runWire(c: Case): void {
  const name = c.message as MessageName
  if (c.error === 'decode') {
    expect(() => decodeMessage(name, c.json), c.comment).toThrow(DecodeError)
    return
  }
  const again: unknown = JSON.parse(JSON.stringify(decodeMessage(name, c.json)))
  expect(again, c.comment).toEqual(c.expected ?? c.json)
}

function runRule(c: Case): void {
  expect(RULES[c.rule]!(c.args), c.comment).toEqual(c.expected)
}

function runPermissions(c: Case): void {
  expect(Object.keys(c.permissions).sort()).toEqual([...KINDS.keys(), 'x.future_kind'].sort())
  for (const [kind, want] of Object.entries(c.permissions)) {
    expect(scope(c.roles, kind), `${c.roles} ${kind}`).toBe(want)
  }
}

describe('shared vectors', () => {
  it('has a case for every rule and a rule for every case', () => {
    const named = new Set(cases.filter(([, c]) => 'rule' in c).map(([, c]) => c.rule as string))
    expect([...named].sort()).toEqual(Object.keys(RULES).sort())
  })
  it('has the vector files and enough cases', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(7)
    expect(cases.length).toBeGreaterThanOrEqual(50)
  })
  it.each(cases)('%s', (_name, c) => {
    if ('rule' in c) runRule(c)
    else if ('message' in c) runWire(c)
    else if ('steps' in c) runHlc(c)
    else if ('permissions' in c) runPermissions(c)
    else if ('msgpack' in c) runEncoding(c)
    else if (c.error === 'decode') runDecodeError(c)
    else runState(c)
  })
})
