import { describe, expect, it } from 'vitest'
import { readEventStream, SseParser, type SseEvent } from './eventstream'

describe('SseParser', () => {
  it('splits events across chunks, skips keepalive comments, joins data lines', () => {
    const p = new SseParser()
    expect(p.push('event: hel')).toEqual([])
    expect(p.push('lo\ndata: {"device":"D1"}\n')).toEqual([])
    expect(p.push('\n: keepalive\n\nevent: poke\r\ndata: {"cursor":\r\ndata: 7}\r\n\r\n')).toEqual([
      { event: 'hello', data: '{"device":"D1"}' },
      { event: 'poke', data: '{"cursor":\n7}' },
    ])
  })
})

describe('readEventStream', () => {
  it('sends the token as a header, never in the URL, and reads events until the end', async () => {
    const seen: { url: string; auth: string | null }[] = []
    const fake: typeof fetch = async (input, init) => {
      seen.push({ url: String(input), auth: new Headers(init?.headers).get('Authorization') })
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(new TextEncoder().encode('event: hello\ndata: {}\n\nevent: poke\ndata: {"cursor":3}\n\n'))
          c.close()
        },
      })
      return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } })
    }
    const events: SseEvent[] = []
    await readEventStream('/api/sync/stream', 'pls_secret', (e) => events.push(e), new AbortController().signal, fake)
    expect(seen).toEqual([{ url: '/api/sync/stream', auth: 'Bearer pls_secret' }])
    expect(events.map((e) => e.event)).toEqual(['hello', 'poke'])
  })

  it('rejects with the HTTP status of a refusal', async () => {
    const fake: typeof fetch = async () => new Response('{"detail":"revoked"}', { status: 401 })
    await expect(readEventStream('/s', 't', () => {}, new AbortController().signal, fake)).rejects.toMatchObject({ status: 401 })
  })
})
