// The sync messages as they travel (docs/sync-protocol.md §10, wire decision of issue 10):
// a push body is {"protocol": n, "ops": [...]}, pull and bootstrap take ?protocol=n, and
// every answer carries "protocol". The version is the core's PROTOCOL_VERSION, never a copy.
// TODO(core wire.ts): these shapes are declared here only until pwa/src/sync/wire.ts lands
// with the core's wire types; then import them from '../sync' and delete the interfaces.
import { PROTOCOL_VERSION, type ExceptionRecord, type Op } from '../sync'
import { HttpError } from '../http/errors'

export interface PushBody {
  protocol: number
  ops: Op[]
}
export interface PushResult {
  id: string
  status: 'accepted' | 'duplicate' | 'rejected' | string
  reason?: string
}
export interface PushReply {
  protocol?: number
  results: PushResult[]
  cursor: number
}
export interface PullPage {
  protocol?: number
  ops: Op[]
  cursor: number
  more?: boolean
}
export interface BootstrapReply {
  protocol?: number
  ops: Op[]
  cursor: number
  /** the open exceptions the server derived, including those over ops compacted away */
  exceptions?: ExceptionRecord[]
}

export const pushBody = (ops: Op[]): PushBody => ({ protocol: PROTOCOL_VERSION, ops })
export const pullUrl = (cursor: number, limit: number) =>
  `/api/sync/pull?protocol=${PROTOCOL_VERSION}&cursor=${cursor}&limit=${limit}`
export const bootstrapUrl = () => `/api/sync/bootstrap?protocol=${PROTOCOL_VERSION}`

/** An answer in another protocol than ours is as good as a 426: nothing of it is stored.
 * (An answer without the field comes from a server older than the field: accepted.) */
export function sameProtocol<R extends { protocol?: number }>(reply: R): R {
  if (reply.protocol !== undefined && reply.protocol !== PROTOCOL_VERSION) {
    throw new HttpError(200, `the server answered in protocol ${String(reply.protocol)}, this app speaks ${PROTOCOL_VERSION}`,
      undefined, { client: PROTOCOL_VERSION, supported: [reply.protocol] }, 'version')
  }
  return reply
}
