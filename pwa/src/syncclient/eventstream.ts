import { openBody } from '../http/client'

// Server-Sent Events over fetch, so the session token travels in the Authorization header:
// EventSource can send no headers, and a token in the URL ends up in logs. Parses the
// text/event-stream format (event:, data:, comments, blank line ends an event).

export interface SseEvent {
  event: string
  data: string
}

/** Feed decoded text in; complete events come out. Keeps the unfinished tail between chunks. */
export class SseParser {
  private buf = ''
  private event = 'message'
  private data: string[] = []

  push(text: string): SseEvent[] {
    this.buf += text
    const out: SseEvent[] = []
    let nl: number
    while ((nl = this.buf.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.buf.slice(0, nl)
      this.buf = this.buf.slice(nl + (this.buf.startsWith('\r\n', nl) ? 2 : 1))
      if (line === '') {
        if (this.data.length) out.push({ event: this.event, data: this.data.join('\n') })
        this.event = 'message'
        this.data = []
        continue
      }
      if (line.startsWith(':')) continue // a comment: the server's keepalive
      const colon = line.indexOf(':')
      const field = colon < 0 ? line : line.slice(0, colon)
      let value = colon < 0 ? '' : line.slice(colon + 1)
      if (value.startsWith(' ')) value = value.slice(1)
      if (field === 'event') this.event = value
      else if (field === 'data') this.data.push(value)
    }
    return out
  }
}

/**
 * Read the stream at `url` until it ends, calling `onEvent` per event. Resolves when the
 * server closes it; rejects with the HttpError of a refusal or a cut connection.
 */
export async function readEventStream(
  url: string,
  token: string,
  onEvent: (e: SseEvent) => void,
  signal: AbortSignal,
  fetchFn?: typeof fetch,
): Promise<void> {
  const body = await openBody(url, { token, signal, fetch: fetchFn })
  const reader = body.getReader()
  const decoder = new TextDecoder()
  const parser = new SseParser()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      for (const e of parser.push(decoder.decode(value, { stream: true }))) onEvent(e)
    }
  } finally {
    reader.releaseLock()
  }
}
