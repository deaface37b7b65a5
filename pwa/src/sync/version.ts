/** Wire protocol version (docs/sync-protocol.md §9); equals sync.PROTOCOL_VERSION. */
export const PROTOCOL_VERSION = 1
