/** Wire protocol version (docs/sync-protocol.md §10); equals sync.PROTOCOL_VERSION. */
export const PROTOCOL_VERSION = 3
