import { afterEach, describe, expect, it } from 'vitest'
import { freshIndexedDbPerTest } from '../../test/idb'
import { CHUNK, closeEvidenceDb, enqueue, itemsFor, pendingFor, uploadAll } from './queue'

freshIndexedDbPerTest()
afterEach(closeEvidenceDb)

/** The server's upload protocol (server/evidence/services.py), in memory, with faults. */
class FakeServer {
  uploads = new Map<string, { size: number; sha256: string; data: Uint8Array; received: number; done: boolean }>()
  starts = 0
  bytesAccepted = 0
  /** throw a network error on the PUT with this index (0-based), once */
  failPut: number | null = null
  /** answer the PUT with this index, then lose the answer (the server keeps the bytes) */
  losePut: number | null = null
  refuse: number | null = null
  private puts = 0

  fetch: typeof fetch = async (input, init) => {
    const url = String(input)
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
    if (init?.method === 'POST' && url === '/api/evidence/uploads') {
      this.starts++
      if (this.refuse) return json(this.refuse, { status_code: this.refuse, detail: 'too many pixels' })
      const b = JSON.parse(String(init.body)) as { uid: string; size: number; sha256: string }
      const u = this.uploads.get(b.uid) ?? { size: b.size, sha256: b.sha256, data: new Uint8Array(b.size), received: 0, done: false }
      this.uploads.set(b.uid, u)
      return json(200, { uid: b.uid, received: u.received, size: u.size, done: u.done })
    }
    const uid = url.split('/').pop()!
    const u = this.uploads.get(uid)!
    const index = this.puts++
    if (index === this.failPut) {
      this.failPut = null
      throw new TypeError('Failed to fetch')
    }
    const offset = Number((init!.headers as Record<string, string>)['Upload-Offset'])
    const chunk = new Uint8Array(init!.body as ArrayBuffer)
    if (offset !== u.received) return json(409, { uid, received: u.received, size: u.size, done: u.done })
    u.data.set(chunk, offset)
    u.received += chunk.length
    this.bytesAccepted += chunk.length
    u.done = u.received === u.size
    if (index === this.losePut) {
      this.losePut = null
      throw new TypeError('connection reset after the server stored the chunk')
    }
    return json(200, { uid, received: u.received, size: u.size, done: u.done })
  }
}

const photo = (n: number) => {
  const b = new Uint8Array(n)
  for (let i = 0; i < n; i++) b[i] = (i * 31) % 251
  return b.buffer
}

describe('evidence queue', () => {
  it('resumes a photo across a dropped link and a lost answer, and sends every byte once', async () => {
    const size = CHUNK * 3 + 1234
    const uid = await enqueue('O-1', 'photo', photo(size), { keep_time: true, keep_place: false })
    expect(await pendingFor('O-1')).toEqual([uid])
    const server = new FakeServer()
    server.failPut = 1
    expect(await uploadAll('tok', server.fetch)).toEqual({ done: 0, refused: 0, left: 1 })
    expect((await itemsFor('O-1'))[0]!.received).toBe(CHUNK)
    server.losePut = 2
    expect(await uploadAll('tok', server.fetch)).toEqual({ done: 0, refused: 0, left: 1 })
    // The server has a chunk the phone never heard about: POST says where to resume.
    expect(await uploadAll('tok', server.fetch)).toEqual({ done: 1, refused: 0, left: 0 })
    expect(server.bytesAccepted).toBe(size)
    expect([...server.uploads.get(uid)!.data]).toEqual([...new Uint8Array(photo(size))])
    const [item] = await itemsFor('O-1')
    expect([item!.state, item!.bytes, item!.received]).toEqual(['done', null, size])
    expect(await pendingFor('O-1')).toEqual([])
    // Done means done: nothing is sent again.
    const starts = server.starts
    expect(await uploadAll('tok', server.fetch)).toEqual({ done: 0, refused: 0, left: 0 })
    expect(server.starts).toBe(starts)
  })

  it('keeps a refused image, says why and never retries it', async () => {
    await enqueue('O-2', 'signature', photo(500), { keep_time: false, keep_place: false })
    const server = new FakeServer()
    server.refuse = 413
    expect(await uploadAll('tok', server.fetch)).toEqual({ done: 0, refused: 1, left: 0 })
    const [item] = await itemsFor('O-2')
    expect([item!.state, item!.error, item!.bytes?.byteLength]).toEqual(['refused', 'HTTP 413: too many pixels', 500])
    expect(await uploadAll('tok', server.fetch)).toEqual({ done: 0, refused: 0, left: 0 })
    expect(server.starts).toBe(1)
  })

  it('declares the sha256 of the bytes so the server can check them', async () => {
    const uid = await enqueue('O-3', 'photo', new TextEncoder().encode('abc').buffer, { keep_time: false, keep_place: false })
    const [item] = await itemsFor('O-3')
    expect([item!.uid, item!.sha256]).toEqual([uid, 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'])
  })
})
