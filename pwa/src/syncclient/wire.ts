// The sync messages as they travel (docs/sync-protocol.md §10, wire decision of issue 10):
// a push body is {"protocol": n, "ops": [...]}, pull and bootstrap take ?protocol=n, and
// every answer carries "protocol". The version is the core's PROTOCOL_VERSION, never a copy.
// The message types are the core's (sync/wire.ts, pinned with the Python twin by
// tests/vectors/wire.json); this module only builds requests and checks answers' version.
import { PROTOCOL_VERSION, type Op, type PushRequest } from '../sync'
import { HttpError } from '../http/errors'

export const pushBody = (ops: Op[]): PushRequest => ({ protocol: PROTOCOL_VERSION, ops })
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
