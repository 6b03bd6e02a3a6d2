/**
 * Splits a record holding JSON objects written back to back (`{"a":1}{"a":2}`, or one per
 * line) into one record per object, validating the JSON as it goes. Works on bytes and
 * returns views of the input: no decoding to strings, no copies.
 *
 * Only objects count ("an array of JSON objects is not a valid input"); any JSON
 * whitespace may separate them. Strings may hold braces and escapes; nesting is limited to
 * 1000 levels (Jackson's default). String contents are not checked for valid UTF-8.
 */

export type JsonSplitResult =
  | { readonly kind: 'records'; readonly records: Uint8Array[] }
  | { readonly kind: 'tooMany' }
  | { readonly kind: 'invalid'; readonly message: string };

const MAX_DEPTH = 1000;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const ONE = 0x31;
const NINE = 0x39;

// Bytes that may follow a backslash in a string (besides 'u').
const SIMPLE_ESCAPE = new Uint8Array(256);
for (const c of '"\\/bfnrt') SIMPLE_ESCAPE[c.charCodeAt(0)] = 1;
const HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipWhitespace(b: Uint8Array, i: number): number {
  while (i < b.length && isWhitespace(b[i]!)) i++;
  return i;
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

// Bytes a string scan must stop at: quote, backslash and control characters.
const STRING_STOP = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) STRING_STOP[c] = 1;
STRING_STOP[QUOTE] = 1;
STRING_STOP[BACKSLASH] = 1;

/** b[i] is '"'; returns the index after the closing quote, or -1. */
function scanString(b: Uint8Array, i: number): number {
  const n = b.length;
  i++;
  while (i < n) {
    const c = b[i]!;
    if (STRING_STOP[c] === 0) {
      i++;
      continue;
    }
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH) {
      const e = b[i + 1];
      if (e === undefined) return -1;
      if (SIMPLE_ESCAPE[e] === 1) {
        i += 2;
        continue;
      }
      if (e !== 0x75 || i + 5 >= n) return -1; // \uXXXX
      if (HEX[b[i + 2]!] !== 1 || HEX[b[i + 3]!] !== 1 || HEX[b[i + 4]!] !== 1 || HEX[b[i + 5]!] !== 1) return -1;
      i += 6;
      continue;
    }
    if (c < 0x20) return -1;
    i++;
  }
  return -1;
}

/** Returns the index after a JSON number starting at i, or -1. */
function scanNumber(b: Uint8Array, i: number): number {
  const n = b.length;
  if (b[i] === MINUS) i++;
  if (i >= n) return -1;
  const first = b[i]!;
  if (first === ZERO) i++;
  else if (first >= ONE && first <= NINE) {
    i++;
    while (i < n && isDigit(b[i]!)) i++;
  } else return -1;
  if (i < n && b[i] === DOT) {
    const start = ++i;
    while (i < n && isDigit(b[i]!)) i++;
    if (i === start) return -1;
  }
  if (i < n && (b[i] === 0x65 || b[i] === 0x45)) {
    i++;
    if (i < n && (b[i] === PLUS || b[i] === MINUS)) i++;
    const start = i;
    while (i < n && isDigit(b[i]!)) i++;
    if (i === start) return -1;
  }
  return i;
}

function scanLiteral(b: Uint8Array, i: number, word: readonly number[]): number {
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word[k]) return -1;
  return i + word.length;
}

const TRUE = [0x74, 0x72, 0x75, 0x65];
const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65];
const NULL = [0x6e, 0x75, 0x6c, 0x6c];

// Parser states.
const EXPECT_VALUE = 0;
const OBJECT_START = 1; // after '{': a key or '}'
const EXPECT_KEY = 2; // after ',' in an object
const ARRAY_START = 3; // after '[': a value or ']'
const AFTER_VALUE = 4;

/**
 * Validates the JSON object starting at b[start] === '{' (iteratively, so deep nesting
 * cannot overflow the call stack). Returns the index after its '}', or -(failing index) - 1.
 */
function scanObject(b: Uint8Array, start: number): number {
  const n = b.length;
  const stack: number[] = [LBRACE]; // open containers
  let state = OBJECT_START;
  let i = start + 1;
  for (;;) {
    while (i < n && isWhitespace(b[i]!)) i++;
    if (i >= n) return -n - 1;
    const c = b[i]!;
    switch (state) {
      case OBJECT_START:
      case EXPECT_KEY:
        if (c === RBRACE && state === OBJECT_START) break; // empty object: close below
        if (c !== QUOTE) return -i - 1;
        {
          const keyEnd = scanString(b, i);
          if (keyEnd < 0) return -i - 1;
          i = keyEnd;
        }
        while (i < n && isWhitespace(b[i]!)) i++;
        if (b[i] !== COLON) return -i - 1;
        i++;
        state = EXPECT_VALUE;
        continue;
      case ARRAY_START:
        if (c === RBRACKET) break;
        state = EXPECT_VALUE;
        continue;
      case EXPECT_VALUE: {
        let end: number;
        if (c === LBRACE || c === LBRACKET) {
          if (stack.length >= MAX_DEPTH) return -i - 1;
          stack.push(c);
          state = c === LBRACE ? OBJECT_START : ARRAY_START;
          i++;
          continue;
        } else if (c === QUOTE) end = scanString(b, i);
        else if (c === MINUS || isDigit(c)) end = scanNumber(b, i);
        else if (c === 0x74) end = scanLiteral(b, i, TRUE);
        else if (c === 0x66) end = scanLiteral(b, i, FALSE);
        else if (c === 0x6e) end = scanLiteral(b, i, NULL);
        else return -i - 1;
        if (end < 0) return -i - 1;
        i = end;
        state = AFTER_VALUE;
        continue;
      }
      case AFTER_VALUE: {
        const open = stack[stack.length - 1];
        if (c === COMMA) {
          state = open === LBRACE ? EXPECT_KEY : EXPECT_VALUE;
          i++;
          continue;
        }
        if ((open === LBRACE && c === RBRACE) || (open === LBRACKET && c === RBRACKET)) break;
        return -i - 1;
      }
    }
    // Closing the innermost container (b[i] is its '}' or ']').
    if ((stack[stack.length - 1] === LBRACE) !== (c === RBRACE)) return -i - 1;
    stack.pop();
    i++;
    if (stack.length === 0) return i;
    state = AFTER_VALUE;
  }
}

/**
 * Splits `data` into its top-level JSON objects. `maxRecords` stops the scan as soon as
 * there are more objects than that (the caller delivers the record whole then).
 */
export function splitJsonObjects(data: Uint8Array, maxRecords = Number.POSITIVE_INFINITY): JsonSplitResult {
  const records: Uint8Array[] = [];
  let i = skipWhitespace(data, 0);
  if (i === data.length) return { kind: 'invalid', message: 'The record holds no JSON object' };
  while (i < data.length) {
    if (data[i] !== LBRACE) return { kind: 'invalid', message: `Expected a JSON object at byte ${i}` };
    const end = scanObject(data, i);
    if (end < 0) return { kind: 'invalid', message: `Invalid JSON at byte ${-end - 1}` };
    if (records.length >= maxRecords) return { kind: 'tooMany' };
    records.push(data.subarray(i, end));
    i = skipWhitespace(data, end);
  }
  return { kind: 'records', records };
}
