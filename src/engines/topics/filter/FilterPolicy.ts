import { BlockList, isIP } from 'node:net';
import { TopicsError } from '../TopicsError.js';
import type { MessageAttributes } from '../types.js';

export type FilterPolicyScope = 'MessageAttributes' | 'MessageBody';

/** A value a condition looks at: a string, a number, a boolean or null (JSON scalars). */
type Scalar = string | number | boolean | null;
type Condition = (value: Scalar) => boolean;

/** One key of a policy: the path to the value and the conditions, any of which may match. */
interface KeyRule {
  readonly path: readonly string[];
  readonly conditions: readonly Condition[];
  /** `{"exists": true|false}` among the conditions. */
  readonly exists?: boolean;
}

/** A policy (or one `$or` branch): every key must match, and one branch of each `$or`. */
interface Clause {
  readonly rules: readonly KeyRule[];
  readonly ors: ReadonlyArray<readonly Clause[]>;
}

/** What a message offers to a policy: the values at a key path, or undefined when the key is absent. */
type Lookup = (path: readonly string[]) => Scalar[] | undefined;

export const MAX_FILTER_POLICY_KEYS = 5;
export const MAX_FILTER_POLICY_COMBINATIONS = 150;
export const MAX_FILTER_POLICY_BYTES = 256 * 1024;
const NUMBER_LIMIT = 1e9;

/**
 * A subscription filter policy (https://docs.aws.amazon.com/sns/latest/dg/sns-subscription-filter-policies.html),
 * parsed once and matched against every message published to the topic.
 *
 * Operators: exact strings and numbers, `prefix`, `suffix`, `equals-ignore-case`,
 * `anything-but` (a value, a list, or a `prefix`/`suffix`), `numeric` ranges, `exists`,
 * `cidr`, and `$or`. Attribute scope looks at String, String.Array and Number attributes
 * (a Binary attribute only satisfies `exists`); body scope at the JSON message, nested
 * keys included, where an array matches when any element does.
 */
export class FilterPolicy {
  private constructor(
    private readonly root: Clause,
    readonly scope: FilterPolicyScope,
  ) {}

  /** Parses and checks a policy; throws TopicsError (InvalidParameter) the way SNS words it. */
  static parse(text: string, scope: FilterPolicyScope): FilterPolicy {
    if (Buffer.byteLength(text) > MAX_FILTER_POLICY_BYTES) throw invalid('Filter policy is too large');
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch {
      throw invalid('failed to parse JSON.');
    }
    if (!isObject(document)) throw invalid('Filter policy must be a JSON object');
    const keys = new Set<string>();
    const clause = parseClause(document, [], scope, keys);
    if (keys.size > MAX_FILTER_POLICY_KEYS) throw invalid(`Filter policy can not have more than ${MAX_FILTER_POLICY_KEYS} keys`);
    if (combinations(clause) > MAX_FILTER_POLICY_COMBINATIONS) throw invalid('Filter policy is too complex');
    return new FilterPolicy(clause, scope);
  }

  /** Whether a message passes. `message` is read only for body scope. */
  matches(message: string, attributes: MessageAttributes | undefined): boolean {
    if (this.scope === 'MessageAttributes') return matchClause(this.root, attributeLookup(attributes ?? {}));
    let body: unknown;
    try {
      body = JSON.parse(message);
    } catch {
      return false; // a body policy never matches a message that is not JSON
    }
    return isObject(body) && matchClause(this.root, bodyLookup(body));
  }
}

function invalid(detail: string): TopicsError {
  return TopicsError.invalid(`FilterPolicy: ${detail}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function parseClause(doc: Record<string, unknown>, prefix: readonly string[], scope: FilterPolicyScope, keys: Set<string>): Clause {
  const rules: KeyRule[] = [];
  const ors: Array<readonly Clause[]> = [];
  for (const [key, value] of Object.entries(doc)) {
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2 || !value.every(isObject)) {
        throw invalid('$or must be an array of at least two JSON objects');
      }
      ors.push(value.map((branch) => parseClause(branch, prefix, scope, keys)));
      continue;
    }
    const path = [...prefix, key];
    if (isObject(value)) {
      if (scope === 'MessageAttributes') throw invalid(`Attribute ${key} must be an array: nested keys need FilterPolicyScope MessageBody`);
      const nested = parseClause(value, path, scope, keys);
      rules.push(...nested.rules);
      ors.push(...nested.ors);
      continue;
    }
    if (!Array.isArray(value)) throw invalid(`Match value for ${key} must be an array`);
    if (value.length === 0) throw invalid(`Empty arrays are not allowed (${key})`);
    keys.add(path.join('.'));
    rules.push(parseRule(path, value));
  }
  if (rules.length === 0 && ors.length === 0) throw invalid('Filter policy must not be empty');
  return { rules, ors };
}

function parseRule(path: readonly string[], values: readonly unknown[]): KeyRule {
  const conditions: Condition[] = [];
  let exists: boolean | undefined;
  for (const v of values) {
    if (isObject(v)) {
      const entries = Object.entries(v);
      if (entries.length !== 1) throw invalid('Only one operator per match object');
      const [op, arg] = entries[0]!;
      if (op === 'exists') {
        if (typeof arg !== 'boolean') throw invalid('exists match pattern must be either true or false.');
        exists = arg;
        continue;
      }
      conditions.push(parseOperator(op, arg));
    } else {
      conditions.push(exact(v));
    }
  }
  return exists === undefined ? { path, conditions } : { path, conditions, exists };
}

function exact(v: unknown): Condition {
  if (typeof v === 'string') return (x) => x === v;
  if (typeof v === 'number') {
    const n = checkNumber(v);
    return (x) => typeof x === 'number' && sameNumber(x, n);
  }
  if (typeof v === 'boolean' || v === null) return (x) => x === v;
  throw invalid('Match value must be String, number, true, false, or null');
}

function parseOperator(op: string, arg: unknown): Condition {
  switch (op) {
    case 'prefix': {
      const p = needString(op, arg);
      return (x) => typeof x === 'string' && x.startsWith(p);
    }
    case 'suffix': {
      const s = needString(op, arg);
      return (x) => typeof x === 'string' && x.endsWith(s);
    }
    case 'equals-ignore-case': {
      const s = needString(op, arg).toLowerCase();
      return (x) => typeof x === 'string' && x.toLowerCase() === s;
    }
    case 'anything-but':
      return anythingBut(arg);
    case 'numeric':
      return numericRange(arg);
    case 'cidr':
      return cidr(arg);
    default:
      throw invalid(`Unrecognized match type ${op}`);
  }
}

function needString(op: string, arg: unknown): string {
  if (typeof arg !== 'string') throw invalid(`${op} match pattern must be a string`);
  return arg;
}

function anythingBut(arg: unknown): Condition {
  let excluded: Condition;
  if (isObject(arg)) {
    const entries = Object.entries(arg);
    const [op, inner] = entries[0] ?? [];
    if (entries.length !== 1 || (op !== 'prefix' && op !== 'suffix' && op !== 'equals-ignore-case')) {
      throw invalid('Unsupported anything-but pattern: use a value, a list of values, prefix, suffix or equals-ignore-case');
    }
    excluded = parseOperator(op, inner);
  } else if (Array.isArray(arg)) {
    if (arg.length === 0) throw invalid('anything-but list must not be empty');
    const each = arg.map((v) => {
      if (typeof v !== 'string' && typeof v !== 'number') throw invalid('anything-but list must contain only strings or only numbers');
      return exact(v);
    });
    excluded = (x) => each.some((c) => c(x));
  } else if (typeof arg === 'string' || typeof arg === 'number') {
    excluded = exact(arg);
  } else {
    throw invalid('anything-but must be a string, a number, a list or a prefix/suffix');
  }
  return (x) => !excluded(x);
}

const NUMERIC_OPS = new Set(['=', '<', '<=', '>', '>=']);

function numericRange(arg: unknown): Condition {
  if (!Array.isArray(arg) || arg.length === 0 || arg.length % 2 !== 0) throw invalid('Value of numeric must be an array of operator/number pairs');
  const tests: Array<(n: number) => boolean> = [];
  let lower = false;
  let upper = false;
  for (let i = 0; i < arg.length; i += 2) {
    const op = arg[i];
    const raw = arg[i + 1];
    if (typeof op !== 'string' || !NUMERIC_OPS.has(op)) throw invalid(`Unrecognized numeric range operator: ${String(op)}`);
    if (typeof raw !== 'number') throw invalid(`Value of ${op} must be numeric`);
    const n = checkNumber(raw);
    if (op === '=') {
      if (arg.length !== 2) throw invalid('= must be used alone in a numeric range');
      tests.push((x) => sameNumber(x, n));
      continue;
    }
    const isLower = op.startsWith('>');
    if ((isLower && lower) || (!isLower && upper)) throw invalid('Too many elements in numeric expression');
    if (isLower) lower = true;
    else upper = true;
    tests.push(compare(op, n));
  }
  return (x) => typeof x === 'number' && tests.every((t) => t(x));
}

function compare(op: string, n: number): (x: number) => boolean {
  switch (op) {
    case '<':
      return (x) => x < n && !sameNumber(x, n);
    case '<=':
      return (x) => x <= n || sameNumber(x, n);
    case '>':
      return (x) => x > n && !sameNumber(x, n);
    default:
      return (x) => x >= n || sameNumber(x, n);
  }
}

function checkNumber(n: number): number {
  if (!Number.isFinite(n) || Math.abs(n) > NUMBER_LIMIT) throw invalid(`Numeric values must be between -${NUMBER_LIMIT} and ${NUMBER_LIMIT}`);
  return n;
}

/** SNS compares numbers to five decimal places. */
function sameNumber(a: number, b: number): boolean {
  return Math.round(a * 1e5) === Math.round(b * 1e5);
}

function cidr(arg: unknown): Condition {
  const text = needString('cidr', arg);
  const m = /^(.+)\/(\d{1,3})$/.exec(text);
  const family = m ? isIP(m[1]!) : 0;
  const bits = m ? Number(m[2]) : -1;
  if (!m || family === 0 || bits > (family === 4 ? 32 : 128)) throw invalid(`Malformed CIDR, one '/' required: ${text}`);
  const list = new BlockList();
  list.addSubnet(m[1]!, bits, family === 4 ? 'ipv4' : 'ipv6');
  const type = family === 4 ? 'ipv4' : 'ipv6';
  return (x) => typeof x === 'string' && isIP(x) === family && list.check(x, type);
}

function matchClause(clause: Clause, lookup: Lookup): boolean {
  for (const rule of clause.rules) if (!matchRule(rule, lookup)) return false;
  for (const branches of clause.ors) if (!branches.some((b) => matchClause(b, lookup))) return false;
  return true;
}

function matchRule(rule: KeyRule, lookup: Lookup): boolean {
  const values = lookup(rule.path);
  if (values === undefined) return rule.exists === false;
  if (rule.exists === true) return true;
  if (rule.exists === false) return false;
  return values.some((v) => rule.conditions.some((c) => c(v)));
}

function attributeLookup(attributes: MessageAttributes): Lookup {
  return (path) => {
    const a = attributes[path[0]!];
    if (path.length !== 1 || a === undefined) return undefined;
    const base = a.dataType.split('.')[0];
    if (a.dataType.startsWith('String.Array')) {
      try {
        const parsed: unknown = JSON.parse(a.stringValue ?? '');
        if (Array.isArray(parsed)) return parsed.filter(isScalar);
      } catch {
        // not an array: nothing to compare
      }
      return [];
    }
    if (base === 'String') return a.stringValue === undefined ? [] : [a.stringValue];
    if (base === 'Number') {
      const n = Number(a.stringValue);
      return a.stringValue !== undefined && Number.isFinite(n) ? [n] : [];
    }
    return []; // Binary: present, never equal to anything
  };
}

function bodyLookup(body: Record<string, unknown>): Lookup {
  return (path) => {
    let node: unknown = body;
    for (const key of path) {
      if (!isObject(node) || !(key in node)) return undefined;
      node = node[key];
    }
    if (Array.isArray(node)) return node.filter(isScalar);
    return isScalar(node) ? [node] : [];
  };
}

function isScalar(v: unknown): v is Scalar {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** SNS's complexity measure: the product of the value counts of the keys, summed over `$or` branches. */
function combinations(clause: Clause): number {
  let product = 1;
  for (const rule of clause.rules) product *= Math.max(1, rule.conditions.length + (rule.exists === undefined ? 0 : 1));
  for (const branches of clause.ors) product *= branches.reduce((sum, b) => sum + combinations(b), 0);
  return product;
}
