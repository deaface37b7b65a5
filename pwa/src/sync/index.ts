// Packline sync core, TypeScript twin of the Python reference in sync/ (protocol v2,
// docs/sync-protocol.md). Pure functions and classes only — no preact, no idb — so it
// runs in the page, a worker, or Node, and gives the same state as the server offline.
export { PROTOCOL_VERSION } from './version'
export * from './errors'
export { Clock, compareHlc, horizonFor, MAX_DRIFT_MS, type Hlc } from './hlc'
export { encodeJson, encodeJsonText, decodeJson, jsonValue } from './json'
export { encodeMsgpack, decodeMsgpack, msgpackValue } from './msgpack'
export { compareOps, envelopeFrom, fact, MAX_CTR, opId, type Op } from './op'
export { EVENT_KINDS, HOLD_BLOCKED, KINDS, ORDER_STATUSES, problem, validate, type Schema } from './kinds'
export { LWWMap, mergeRegister, type Register } from './lww'
export { EventSet } from './eventset'
export { LABEL_STATUS, ORDER_STATUS, StatusLattice, type LabelStatus, type OrderStatus } from './lattice'
export { Escrow } from './escrow'
export { OrderFold, type OrderView } from './orderFold'
export { StockFold, type StockView } from './stockFold'
export { materialise, Replica, type Snapshot, type Touched } from './replica'
export { compareCodePoints, type Value, type ValueMap } from './value'
export * as rules from './rules'
