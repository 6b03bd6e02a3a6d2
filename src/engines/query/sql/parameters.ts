import { SqlBuilder, type SourceMap } from './SourceMap.js';
import { SqlError } from './SqlError.js';
import { tokenize } from './tokenize.js';

/**
 * Athena's parameterised queries: each `?` outside quotes takes the next value of
 * ExecutionParameters (or EXECUTE … USING) as SQL text — strings arrive quoted ('abc'),
 * numbers bare — before anything else reads the statement.
 */
export function countParameters(sql: string): number {
  return tokenize(sql).filter((t) => t.kind === 'param').length;
}

export function substituteParameters(sql: string, values: readonly string[]): { sql: string; map: SourceMap } {
  const tokens = tokenize(sql);
  const expected = tokens.filter((t) => t.kind === 'param').length;
  if (expected !== values.length) {
    throw new SqlError('INVALID_PARAMETER_USAGE', `Incorrect number of parameters: expected ${expected} but found ${values.length}`);
  }
  const out = new SqlBuilder();
  let next = 0;
  for (const t of tokens) {
    if (t.kind !== 'param') {
      out.copy(t.text, t.start);
      continue;
    }
    const value = values[next++]!;
    // a value is one expression: reject text that would change the statement's shape
    const inner = tokenize(value);
    if (inner.some((v) => v.kind === 'punct' && v.text === ';') || inner.some((v) => v.kind === 'param')) {
      throw new SqlError('INVALID_PARAMETER_USAGE', `Invalid parameter value: ${value}`, t.start);
    }
    out.insert(`(${value})`, t.start);
  }
  return { sql: out.toString(), map: out.map };
}
