// Typed errors (thrown) and exception records (derived, never thrown) — mirrors sync/errors.py.
// Throwing is for input that is not an op at all or for one op in isolation; broken rules
// between ops are records, so state stays a pure function of the op set and nothing is lost.

export const DUPLICATE_SCAN = 'duplicate_scan'
export const VOIDED_LABEL_SCAN = 'voided_label_scan'
export const ORDER_CANCELLED = 'order_cancelled'
export const CANCEL_AFTER_DELIVERY = 'cancel_after_delivery'
export const ORDER_ON_HOLD = 'order_on_hold'
export const QUANTITY_MISMATCH = 'quantity_mismatch'
export const ESCROW_EXCEEDED = 'escrow_exceeded'
export const CLOCK_SKEW = 'clock_skew'
export const INVALID_OP = 'invalid_op'
export const ID_COLLISION = 'id_collision'
export const WRONG_ITEM = 'wrong_item' // v3: a product the order does not have, in a scan-out
export const SHIP_FAILED = 'ship_failed' // v3: not scanned out when its carrier's batch left

export const EXCEPTION_KINDS = [
  DUPLICATE_SCAN,
  VOIDED_LABEL_SCAN,
  ORDER_CANCELLED,
  CANCEL_AFTER_DELIVERY,
  ORDER_ON_HOLD,
  QUANTITY_MISMATCH,
  ESCROW_EXCEEDED,
  CLOCK_SKEW,
  INVALID_OP,
  ID_COLLISION,
  WRONG_ITEM,
  SHIP_FAILED,
] as const

export type ExceptionKind = (typeof EXCEPTION_KINDS)[number]
export type InvalidReason = 'unknown_kind' | 'wrong_etype' | 'bad_payload'

export class SyncError extends Error {}

/** Bytes or text that are not a well-formed op; they never enter the op set. */
export class DecodeError extends SyncError {
  override name = 'DecodeError'
}

/** A well-formed op whose kind, entity type or payload is wrong. */
export class InvalidOpError extends SyncError {
  override name = 'InvalidOpError'
  constructor(
    readonly reason: InvalidReason,
    message = '',
  ) {
    super(message ? `${reason}: ${message}` : reason)
  }
}

/** A remote timestamp further ahead than the allowed drift. */
export class ClockSkewError extends SyncError {
  override name = 'ClockSkewError'
  constructor(
    readonly wall: number,
    readonly limit: number,
  ) {
    super(`remote wall ${wall} is ${wall - limit} ms beyond limit ${limit}`)
  }
}

/** One side of an exception: who did what, where and when (device time). */
export interface Fact {
  op: string
  kind: string
  device: string
  actor: string
  wall: number
}

/** A broken rule; `id` is derived from the ops involved so queues can deduplicate. */
export interface ExceptionRecord {
  id: string
  kind: ExceptionKind
  etype: string
  eid: string
  facts: Fact[]
  detail: { [k: string]: unknown }
}

export function recordId(kind: string, opIds: readonly string[]): string {
  return kind + ':' + opIds.join('|')
}
