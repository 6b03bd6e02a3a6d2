import type { Lake } from '../../lake/Lake.js';
import type { ResultColumn } from './athenaTypes.js';
import { csvLine, parseCsvRows } from './csv.js';

export interface ResultLocation {
  readonly bucket: string;
  readonly key: string;
}

export interface ResultPage {
  readonly rows: Array<Array<string | null>>;
  /** Byte offset where the next page starts, or undefined after the last row. */
  readonly next: number | undefined;
}

/** Raised inside the row stream when a result outgrows its limit. */
export class ResultTooLarge extends Error {
  constructor(readonly limitBytes: number) {
    super(`the result is larger than ${limitBytes} bytes`);
  }
}

const READ_CHUNK = 256 * 1024;

/**
 * Query results as objects in the output location, as Athena leaves them: `<id>.csv` (a
 * header row, then rows; every value quoted, NULL empty) or `<id>.txt` for DDL and SHOW,
 * each with a `.metadata` beside it. Writes stream through the lake's atomic put, so a
 * reader sees a whole file or none. Pages are read back from byte offsets, so NextToken is
 * just an offset and a result of any size pages in constant memory.
 */
export class ResultFiles {
  constructor(private readonly lake: Lake) {}

  /** Streams `header` and `rows` into a CSV object; returns the number of data rows. */
  async writeCsv(at: ResultLocation, header: readonly string[], rows: AsyncIterable<ReadonlyArray<ReadonlyArray<string | null>>>, limitBytes: number): Promise<{ rows: number; bytes: number }> {
    let count = 0;
    let bytes = 0;
    async function* body(): AsyncGenerator<Uint8Array> {
      const head = Buffer.from(csvLine(header));
      bytes += head.length;
      yield head;
      for await (const batch of rows) {
        let text = '';
        for (const row of batch) text += csvLine(row);
        count += batch.length;
        const chunk = Buffer.from(text);
        bytes += chunk.length;
        if (bytes > limitBytes) throw new ResultTooLarge(limitBytes);
        yield chunk;
      }
    }
    await this.lake.putObject(at.bucket, at.key, body(), { contentType: 'text/csv' });
    return { rows: count, bytes };
  }

  /** One text line per row (SHOW TABLES, DESCRIBE …). */
  async writeText(at: ResultLocation, lines: readonly string[]): Promise<void> {
    const text = lines.map((l) => `${l}\n`).join('');
    await this.lake.putObject(at.bucket, at.key, Buffer.from(text), { contentType: 'text/plain' });
  }

  /**
   * The column description beside a result. Athena's own is a binary protobuf only Athena
   * reads; this one is JSON, for people and other tools.
   */
  async writeMetadata(at: ResultLocation, columns: readonly ResultColumn[]): Promise<void> {
    const doc = { columns: columns.map((c) => ({ name: c.name, type: c.type, precision: c.precision, scale: c.scale, caseSensitive: c.caseSensitive })) };
    await this.lake.putObject(at.bucket, `${at.key}.metadata`, Buffer.from(JSON.stringify(doc)), { contentType: 'application/json' });
  }

  async writeManifest(at: ResultLocation, uris: readonly string[]): Promise<void> {
    await this.lake.putObject(at.bucket, at.key, Buffer.from(uris.map((u) => `${u}\n`).join('')), { contentType: 'text/csv' });
  }

  /** Up to `maxRows` rows starting at byte `offset`. */
  async readPage(at: ResultLocation, format: 'csv' | 'txt', offset: number, maxRows: number): Promise<ResultPage> {
    const head = await this.lake.headObject(at.bucket, at.key);
    const size = head.size;
    const rows: Array<Array<string | null>> = [];
    let position = offset;
    let pending = '';
    let pendingBytes = 0;
    const decoder = new TextDecoder('utf-8');
    while (rows.length < maxRows && position < size) {
      const last = Math.min(size, position + READ_CHUNK) - 1;
      const { body } = await this.lake.getObject(at.bucket, at.key, { range: { first: position, last } });
      const chunks: Buffer[] = [];
      for await (const c of body) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array));
      const bytes = Buffer.concat(chunks);
      position += bytes.length;
      const final = position >= size;
      pending += decoder.decode(bytes, { stream: !final });
      pendingBytes += bytes.length;
      const parsed = format === 'csv' ? parseCsvRows(pending, maxRows - rows.length, final) : parseLines(pending, maxRows - rows.length, final);
      rows.push(...parsed.rows);
      const used = Buffer.byteLength(pending.slice(0, parsed.consumed));
      pending = pending.slice(parsed.consumed);
      pendingBytes -= used;
      if (parsed.rows.length === 0 && final) break;
      if (bytes.length === 0) break;
    }
    const next = position - pendingBytes;
    return { rows, next: next < size ? next : undefined };
  }
}

function parseLines(text: string, maxRows: number, final: boolean): { rows: Array<Array<string | null>>; consumed: number } {
  const rows: Array<Array<string | null>> = [];
  let pos = 0;
  while (rows.length < maxRows) {
    const nl = text.indexOf('\n', pos);
    if (nl < 0) {
      if (final && pos < text.length) {
        rows.push([text.slice(pos)]);
        pos = text.length;
      }
      break;
    }
    rows.push([text.slice(pos, nl)]);
    pos = nl + 1;
  }
  return { rows, consumed: pos };
}
