/**
 * Helpers for data held as a list of chunks (a delivery buffer is many records). They
 * copy only where a format needs contiguous bytes that span two chunks.
 */

export type ByteInput = Uint8Array | readonly Uint8Array[];

export function asChunks(input: ByteInput): readonly Uint8Array[] {
  return input instanceof Uint8Array ? [input] : input;
}

export function totalLength(chunks: readonly Uint8Array[]): number {
  let n = 0;
  for (const c of chunks) n += c.length;
  return n;
}

/** One contiguous copy of all chunks (no copy when there is a single chunk). */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];
  const out = new Uint8Array(totalLength(chunks));
  let pos = 0;
  for (const c of chunks) {
    out.set(c, pos);
    pos += c.length;
  }
  return out;
}

/**
 * Re-cuts the chunks into consecutive blocks of exactly `size` bytes (the last one may be
 * shorter). A block lying inside one chunk is a view of it; only blocks spanning chunks
 * are copied.
 */
export function* fixedBlocks(chunks: readonly Uint8Array[], size: number): Generator<Uint8Array> {
  let remaining = totalLength(chunks);
  let index = 0;
  let offset = 0;
  while (remaining > 0) {
    const want = Math.min(size, remaining);
    let chunk = chunks[index];
    while (chunk !== undefined && offset === chunk.length) {
      chunk = chunks[++index];
      offset = 0;
    }
    if (chunk === undefined) return;
    if (chunk.length - offset >= want) {
      yield chunk.subarray(offset, offset + want);
      offset += want;
    } else {
      const block = new Uint8Array(want);
      let filled = 0;
      while (filled < want && chunk !== undefined) {
        const take = Math.min(want - filled, chunk.length - offset);
        block.set(chunk.subarray(offset, offset + take), filled);
        filled += take;
        offset += take;
        if (offset === chunk.length) {
          chunk = chunks[++index];
          offset = 0;
        }
      }
      yield block;
    }
    remaining -= want;
  }
}

/**
 * Groups small chunks into pieces of about `target` bytes (so a stream compressor is not
 * called once per 200-byte record); chunks at least that large pass through uncopied.
 * Each yielded piece is a fresh buffer or a caller chunk, never reused.
 */
export function* coalesce(chunks: readonly Uint8Array[], target: number): Generator<Uint8Array> {
  let pending: Uint8Array[] = [];
  let pendingLength = 0;
  function* flush(): Generator<Uint8Array> {
    if (pendingLength === 0) return;
    yield pending.length === 1 && pending[0] !== undefined ? pending[0] : concatBytes(pending);
    pending = [];
    pendingLength = 0;
  }
  for (const c of chunks) {
    if (c.length === 0) continue;
    if (c.length >= target) {
      yield* flush();
      yield c;
      continue;
    }
    pending.push(c);
    pendingLength += c.length;
    if (pendingLength >= target) yield* flush();
  }
  yield* flush();
}
