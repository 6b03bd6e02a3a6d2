import { JsonSyntaxError } from './JsonSyntaxError.js';

/**
 * A validating JSON reader over one record's text that the converters drive value by value:
 * a value the schema needs is read (numbers as their exact text, as the OpenX SerDe keeps
 * them), a value it does not need is only checked and skipped. It accepts exactly what
 * JSON.parse accepts, and reads a record holding several documents (`{"a":1}{"a":2}`).
 * Syntax errors throw JsonSyntaxError.
 */
export class JsonScanner {
  pos = 0;
  /** After readString: the string's JSON text (quotes included) when it had no escapes, else undefined. */
  lastStringJson: string | undefined;
  /** Where the next backslash is at or after the current string (-1: none left). */
  private nextBackslash: number;
  /** Whether the text holds control characters, which must then be looked for in every string. */
  private readonly hasControl: boolean;

  constructor(readonly text: string) {
    this.nextBackslash = text.indexOf('\\');
    this.hasControl = CONTROL.test(text);
  }

  /** Skips whitespace and returns the next character code (NaN at the end). */
  peek(): number {
    const text = this.text;
    let pos = this.pos;
    let c = text.charCodeAt(pos);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(++pos);
    this.pos = pos;
    return c;
  }

  atEnd(): boolean {
    return Number.isNaN(this.peek());
  }

  /** Consumes `char` (after whitespace) or fails. */
  expect(char: number): void {
    if (this.peek() !== char) this.fail(`expected "${String.fromCharCode(char)}"`);
    this.pos++;
  }

  /** After a member or element: true if a ',' follows, false if `close` does (both consumed). */
  next(close: number): boolean {
    const c = this.peek();
    this.pos++;
    if (c === 0x2c) return true;
    if (c === close) return false;
    this.pos--;
    return this.fail(`expected "," or "${String.fromCharCode(close)}"`);
  }

  /** Consumes `{` or `[` and tells whether the container is empty (consuming its end too). */
  open(close: number): boolean {
    this.pos++;
    if (this.peek() === close) {
      this.pos++;
      return true;
    }
    return false;
  }

  /** Reads a string at pos (the opening quote). */
  readString(): string {
    const text = this.text;
    const start = this.pos;
    if (!this.hasControl) {
      // Most strings: find the closing quote and make sure no backslash comes before it.
      const close = text.indexOf('"', start + 1);
      if (this.nextBackslash !== -1 && this.nextBackslash < start) this.nextBackslash = text.indexOf('\\', start);
      if (close !== -1 && (this.nextBackslash === -1 || this.nextBackslash > close)) {
        this.pos = close + 1;
        this.lastStringJson = text.slice(start, close + 1);
        return text.slice(start + 1, close);
      }
    }
    STRING_RUN.lastIndex = start + 1;
    STRING_RUN.test(text);
    let end = STRING_RUN.lastIndex;
    if (text.charCodeAt(end) === 0x22) {
      this.pos = end + 1;
      this.lastStringJson = text.slice(start, end + 1);
      return text.slice(start + 1, end);
    }
    // Escapes (or an error): check each escape, then let JSON.parse decode the whole string.
    for (;;) {
      const c = text.charCodeAt(end);
      if (c === 0x22) break;
      if (c !== 0x5c) this.failAt(end, Number.isNaN(c) ? 'unterminated string' : 'control character in string');
      const e = text.charCodeAt(end + 1);
      if (e === 0x75) {
        if (!HEX4.test(text.slice(end + 2, end + 6))) this.failAt(end, 'bad \\u escape');
        end += 6;
      } else if (ESCAPES.has(e)) end += 2;
      else this.failAt(end, 'bad escape');
      STRING_RUN.lastIndex = end;
      STRING_RUN.test(text);
      end = STRING_RUN.lastIndex;
    }
    this.pos = end + 1;
    this.lastStringJson = undefined;
    const value = JSON.parse(text.slice(start, end + 1)) as string;
    // A \u escape can name half a surrogate pair, which has no UTF-8 form: write U+FFFD instead.
    return LONE_SURROGATE.test(value) ? value.replace(LONE_SURROGATES, '\ufffd') : value;
  }

  /** Reads a number at pos, returning its text. */
  readNumber(): string {
    NUMBER.lastIndex = this.pos;
    if (!NUMBER.test(this.text)) this.fail('unexpected character');
    const start = this.pos;
    this.pos = NUMBER.lastIndex;
    return this.text.slice(start, this.pos);
  }

  /** Reads `true`, `false` or `null` at pos. */
  readLiteral(): boolean | null {
    const text = this.text;
    if (text.startsWith('true', this.pos)) {
      this.pos += 4;
      return true;
    }
    if (text.startsWith('false', this.pos)) {
      this.pos += 5;
      return false;
    }
    if (text.startsWith('null', this.pos)) {
      this.pos += 4;
      return null;
    }
    return this.fail('unexpected character');
  }

  /** Consumes `null` if it comes next (after whitespace). */
  readLiteralIfNull(): boolean {
    if (this.peek() !== 0x6e || !this.text.startsWith('null', this.pos)) return false;
    this.pos += 4;
    return true;
  }

  /** Checks and skips one value (after whitespace). */
  skipValue(): void {
    const c = this.peek();
    if (c === 0x22) this.readString();
    else if (c === 0x7b) {
      if (this.open(0x7d)) return;
      do {
        if (this.peek() !== 0x22) this.fail('expected a string key');
        this.readString();
        this.expect(0x3a);
        this.skipValue();
      } while (this.next(0x7d));
    } else if (c === 0x5b) {
      if (this.open(0x5d)) return;
      do this.skipValue();
      while (this.next(0x5d));
    } else if (c === 0x74 || c === 0x66 || c === 0x6e) this.readLiteral();
    else this.readNumber();
  }

  /**
   * Reads one value as compact JSON text, keys lower-cased if asked (the case-insensitive
   * SerDe lower-cases every key it reads) and numbers spelled as in the record.
   */
  readJsonText(lowerKeys: boolean): string {
    const c = this.peek();
    if (c === 0x22) {
      const value = this.readString();
      return this.lastStringJson ?? JSON.stringify(value);
    }
    if (c === 0x7b) {
      if (this.open(0x7d)) return '{}';
      let out = '{';
      do {
        if (this.peek() !== 0x22) this.fail('expected a string key');
        const key = this.readString();
        this.expect(0x3a);
        if (out.length > 1) out += ',';
        out += `${JSON.stringify(lowerKeys ? key.toLowerCase() : key)}:${this.readJsonText(lowerKeys)}`;
      } while (this.next(0x7d));
      return `${out}}`;
    }
    if (c === 0x5b) {
      if (this.open(0x5d)) return '[]';
      let out = '[';
      do {
        if (out.length > 1) out += ',';
        out += this.readJsonText(lowerKeys);
      } while (this.next(0x5d));
      return `${out}]`;
    }
    if (c === 0x74 || c === 0x66 || c === 0x6e) return String(this.readLiteral());
    return this.readNumber();
  }

  fail(reason: string): never {
    return this.failAt(this.pos, reason);
  }

  private failAt(pos: number, reason: string): never {
    throw new JsonSyntaxError(`${reason} at position ${pos}`);
  }
}

const CONTROL = /[\u0000-\u001f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');
/** Characters that may appear in a JSON string unescaped. */
const STRING_RUN = /[^"\\\u0000-\u001f]*/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;
/** Characters allowed after a backslash, other than u: " \ / b f n r t. */
const ESCAPES = new Set([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);
