import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { JqEngine } from './JqEngine.js';
import { JqWorkerPool } from './JqWorkerPool.js';
import { PartitionKeyError } from './PartitionKeyError.js';
import { formatJq16Number, mayNeedJq16Numbers } from './jq16Number.js';

/** Per-record outcome, in the order of the input records. */
export type KeyExtraction =
  | { ok: true; keys: Record<string, string> }
  | { ok: false; errorCode: string; error: string };

/** The error code Firehose puts on records whose keys could not be extracted. */
export const METADATA_EXTRACTION_FAILED = 'DynamicPartitioning.MetadataExtractionFailed';

/** Firehose's own message for a record that is not one JSON document. */
const NON_JSON_MESSAGE = 'Non JSON record provided';

/**
 * Input per jq call: big enough to amortise jq's ~1 ms start-up, small enough that a batch
 * of a few thousand records is spread over all of the engine's workers.
 */
const MAX_CALL_INPUT_CHARS = 256 * 1024;

/** One record prepared for jq: its index in the batch and its jq input document. */
interface PreparedRecord {
  index: number;
  line: string;
}

/** Records waiting for one jq call, and the program that call runs. */
interface PendingCall {
  program: string;
  records: PreparedRecord[];
  chars: number;
}

/**
 * Firehose's inline partition-key extraction (`MetadataExtraction`, `JsonParsingEngine`
 * `JQ-1.6`): runs a jq query such as `{customer_id:.customer_id,year:.ts|strftime("%Y")}`
 * over each JSON record and returns the object it yields as string keys.
 *
 * A whole batch goes through one jq call: the records are jq's input stream, one document
 * each, and the program wraps the query in `try` so every input yields exactly one output
 * line, in order; records whose numbers jq 1.7 would spell differently from 1.6 go through
 * a second call that normalises them (see jq16Number.ts). Records that are not JSON never
 * reach jq. If a call still fails as a whole (say, a document jq's parser refuses), it is
 * split until the bad record is alone, so one record's failure never fails the others.
 */
export class JqKeyExtractor {
  private constructor(
    private readonly engine: JqEngine,
    private readonly plainProgram: string,
    private readonly normalisingProgram: string,
  ) {}

  /**
   * Compiles the query; a query jq cannot compile is refused here with jq's message, so
   * CreateDeliveryStream can reject it.
   */
  static async create(query: string, engine: JqEngine = JqWorkerPool.shared()): Promise<JqKeyExtractor> {
    if (query.trim() === '') {
      throw new PartitionKeyError('InvalidQuery', 'MetadataExtractionQuery must not be empty');
    }
    const plain = wrapQuery(query, false);
    const normalising = wrapQuery(query, true);
    // With no input jq compiles the program and stops: this checks the query exactly as
    // written, then the wrapped programs we will actually run.
    for (const program of [query, plain, normalising]) {
      const compiled = await engine.run('', program, ['-c']);
      if (!compiled.ok) {
        throw new PartitionKeyError('InvalidQuery', `Invalid MetadataExtractionQuery: ${compiled.message}`);
      }
    }
    return new JqKeyExtractor(engine, plain, normalising);
  }

  async extract(records: readonly Uint8Array[]): Promise<KeyExtraction[]> {
    const results: Array<KeyExtraction | undefined> = new Array(records.length);
    const plain: PendingCall = { program: this.plainProgram, records: [], chars: 0 };
    const normalising: PendingCall = { program: this.normalisingProgram, records: [], chars: 0 };
    // Calls run (on the engine's workers) while the next chunk is being prepared here.
    const calls: Array<Promise<void>> = [];

    for (let index = 0; index < records.length; index++) {
      const prepared = prepareLine(records[index]!);
      if (prepared === undefined) {
        results[index] = failure(NON_JSON_MESSAGE);
        continue;
      }
      const call = prepared.normaliseNumbers ? normalising : plain;
      call.records.push({ index, line: prepared.line });
      call.chars += prepared.line.length + 1;
      if (call.chars >= MAX_CALL_INPUT_CHARS) {
        calls.push(this.runCall(call.program, call.records, results));
        call.records = [];
        call.chars = 0;
        await yieldToEventLoop();
      }
    }
    calls.push(this.runCall(plain.program, plain.records, results));
    calls.push(this.runCall(normalising.program, normalising.records, results));
    await Promise.all(calls);
    return results.map((r) => r ?? failure('jq produced no result for this record'));
  }

  /** Runs one jq call; a call that fails, or answers the wrong number of records, is retried in halves. */
  private async runCall(
    program: string,
    chunk: PreparedRecord[],
    results: Array<KeyExtraction | undefined>,
  ): Promise<void> {
    if (chunk.length === 0) return;
    const input = chunk.map((r) => r.line).join('\n');
    const run = await this.engine.run(input, program, ['-c']);
    const outputs = run.ok ? parseAnswers(run.stdout) : undefined;
    // One answer per input, in order; anything else means the call went wrong.
    if (outputs?.length === chunk.length) {
      chunk.forEach((record, i) => (results[record.index] = toKeyExtraction(outputs[i])));
      return;
    }
    // Halving after a timeout would cost a timeout per level; those records fail together.
    if (chunk.length === 1 || (!run.ok && run.failure === 'timeout')) {
      const message = run.ok ? 'jq produced no result for this record' : run.message;
      for (const record of chunk) results[record.index] = failure(message);
      return;
    }
    const half = Math.ceil(chunk.length / 2);
    await this.runCall(program, chunk.slice(0, half), results);
    await this.runCall(program, chunk.slice(half), results);
  }
}

/**
 * The program jq runs per input document: it answers `[outputs...]` or `"error message"`,
 * one line per document. Builtins that would read other records' lines, stop jq, or
 * write to stderr are shadowed: each record must be evaluated on its own, as Firehose does.
 * The normalising variant first turns every number into a double (see jq16Number.ts); it is
 * a separate program because even an untaken branch costs jq ~25% per record.
 */
function wrapQuery(query: string, normaliseNumbers: boolean): string {
  return [
    'def input: error("input is not supported in a partition key query");',
    'def inputs: error("inputs is not supported in a partition key query");',
    'def halt: error("halt is not supported in a partition key query");',
    'def halt_error: error("halt_error is not supported in a partition key query");',
    'def halt_error($code): error("halt_error is not supported in a partition key query");',
    'def debug: .; def debug(msg): .; def stderr: .;',
    // The newlines keep a trailing `# comment` in the query from swallowing the `)`.
    `def __lakehose_query: (\n${query}\n);`,
    // Arithmetic turns jq 1.7's preserved number literals into doubles, printed as 1.6 does.
    'def __lakehose_jq16: if type == "number" then (if . == 0 then . else . + 0 end)',
    '  elif type == "object" then map_values(__lakehose_jq16)',
    '  elif type == "array" then map(__lakehose_jq16) else . end;',
    `${normaliseNumbers ? '__lakehose_jq16 | ' : ''}try [__lakehose_query]`,
    'catch (if type == "string" then . else tojson end)',
  ].join('\n');
}

/**
 * The jq input line for one record, or undefined when the record is not one JSON document.
 * The record's own text is used when its numbers are all plain (jq 1.6 and 1.7 print those
 * alike); otherwise it is re-serialised, and flagged if jq must normalise its numbers.
 */
function prepareLine(record: Uint8Array): { line: string; normaliseNumbers: boolean } | undefined {
  const text = decoder.decode(record);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!UNUSUAL_NUMBER.test(text)) return { line: text, normaliseNumbers: false };
  const json = JSON.stringify(value);
  return { line: json, normaliseNumbers: mayNeedJq16Numbers(json) };
}

/**
 * A number token that is not plainly written: an exponent, a fraction ending in 0, 16 or
 * more digits, or a tiny fraction. Matches inside strings are harmless false positives.
 */
const UNUSUAL_NUMBER = /(?:^|[:,[])\s*-?(?:\d[\d.]*[eE]|[\d.]{16}|\d*\.\d*0(?![\d.])|0\.0000)/;

/** jq's output lines as values; one JSON.parse for the whole output is cheaper than one per line. */
function parseAnswers(stdout: string): unknown[] | undefined {
  const text = stdout.trimEnd();
  if (text === '') return [];
  try {
    return JSON.parse(`[${text.replaceAll('\n', ',')}]`) as unknown[];
  } catch {
    return undefined;
  }
}

/** Turns jq's answer for one record (an array of query outputs, or an error message) into keys. */
function toKeyExtraction(outcome: unknown): KeyExtraction {
  if (typeof outcome === 'string') return failure(`jq error: ${outcome}`);
  const outputs = outcome as unknown[];
  if (outputs.length !== 1) {
    return failure(
      outputs.length === 0
        ? 'The query produced no output for this record'
        : `The query produced ${outputs.length} outputs for this record; it must produce one JSON object`,
    );
  }
  const result = outputs[0];
  if (result === null || typeof result !== 'object' || Array.isArray(result)) {
    return failure(`The query must produce a JSON object of partition keys, not ${jsonTypeName(result)}`);
  }
  const keys: Record<string, string> = {};
  for (const [name, value] of Object.entries(result)) {
    const text = keyText(value);
    if (text === undefined) {
      return failure(`Partition key "${name}" is ${jsonTypeName(value)}; it must be a string, number or boolean`);
    }
    if (text === '') return failure(`Partition key "${name}" is empty`);
    keys[name] = text;
  }
  return { ok: true, keys };
}

/** A key value as text: strings as they are, numbers as jq 1.6 prints them, booleans as words. */
function keyText(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return formatJq16Number(value);
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return undefined;
  }
}

function jsonTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function failure(error: string): KeyExtraction {
  return { ok: false, errorCode: METADATA_EXTRACTION_FAILED, error };
}

const decoder = new TextDecoder();
