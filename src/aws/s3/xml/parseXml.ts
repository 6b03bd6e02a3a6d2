/**
 * A small, strict XML reader for S3 request bodies (Delete, CompleteMultipartUpload,
 * CreateBucketConfiguration …). Those bodies are small and plain, so a tree is enough.
 * DOCTYPEs are refused outright: no entity expansion, no external references.
 */

export interface XmlElement {
  /** The local name: a namespace prefix (`s3:Key`) is dropped. */
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** The element's own text (CDATA included), entities decoded; children's text is not part of it. */
  readonly text: string;
}

export class XmlSyntaxError extends Error {
  constructor(message: string, readonly position: number) {
    super(`${message} at offset ${position}`);
    this.name = 'XmlSyntaxError';
  }
}

const MAX_DEPTH = 64;
const NAME = /[^\s/>=]+/y;
const ENTITY = /&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot|apos);/g;
const BARE_AMPERSAND = /&(?!(?:#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot|apos);)/;
const NAMED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
}

export function parseXml(input: string): XmlElement {
  let pos = input.charCodeAt(0) === 0xfeff ? 1 : 0;

  const fail = (message: string): never => {
    throw new XmlSyntaxError(message, pos);
  };

  const decode = (raw: string): string => {
    if (raw.indexOf('&') < 0) return raw;
    if (BARE_AMPERSAND.test(raw)) fail('unknown entity or bare &');
    return raw.replace(ENTITY, (_m, body: string) => {
      if (body[0] !== '#') return NAMED[body]!;
      const code = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (code > 0x10ffff) fail('character reference out of range');
      return String.fromCodePoint(code);
    });
  };

  const skipWhitespace = () => {
    while (pos < input.length && /\s/.test(input[pos]!)) pos++;
  };

  const skipUntil = (terminator: string, what: string) => {
    const end = input.indexOf(terminator, pos);
    if (end < 0) fail(`unterminated ${what}`);
    pos = end + terminator.length;
  };

  /** Whitespace, the XML declaration, processing instructions and comments. */
  const skipMisc = () => {
    for (;;) {
      skipWhitespace();
      if (input.startsWith('<?', pos)) skipUntil('?>', 'processing instruction');
      else if (input.startsWith('<!--', pos)) skipUntil('-->', 'comment');
      else if (input.startsWith('<!', pos)) fail('DOCTYPE and other declarations are not accepted');
      else return;
    }
  };

  const readName = (): string => {
    NAME.lastIndex = pos;
    const m = NAME.exec(input);
    if (!m) fail('expected a name');
    pos = NAME.lastIndex;
    return m![0];
  };

  const parseElement = (depth: number): XmlElement => {
    if (depth > MAX_DEPTH) fail('elements nested too deeply');
    if (input[pos] !== '<') fail('expected <');
    pos++;
    const qualified = readName();
    const attributes: Record<string, string> = {};
    for (;;) {
      skipWhitespace();
      if (input.startsWith('/>', pos)) {
        pos += 2;
        return { name: localName(qualified), attributes, children: [], text: '' };
      }
      if (input[pos] === '>') {
        pos++;
        break;
      }
      const attr = readName();
      skipWhitespace();
      if (input[pos] !== '=') fail('expected = after an attribute name');
      pos++;
      skipWhitespace();
      const quote = input[pos];
      if (quote !== '"' && quote !== "'") fail('expected a quoted attribute value');
      const end = input.indexOf(quote!, pos + 1);
      if (end < 0) fail('unterminated attribute value');
      const raw = input.slice(pos + 1, end);
      if (raw.includes('<')) fail('< in an attribute value');
      attributes[attr] = decode(raw);
      pos = end + 1;
    }
    const children: XmlElement[] = [];
    let text = '';
    for (;;) {
      const lt = input.indexOf('<', pos);
      if (lt < 0) fail(`unclosed element <${qualified}>`);
      if (lt > pos) text += decode(input.slice(pos, lt));
      pos = lt;
      if (input.startsWith('</', pos)) {
        pos += 2;
        const closing = readName();
        if (closing !== qualified) fail(`</${closing}> closes <${qualified}>`);
        skipWhitespace();
        if (input[pos] !== '>') fail('expected >');
        pos++;
        return { name: localName(qualified), attributes, children, text };
      }
      if (input.startsWith('<!--', pos)) skipUntil('-->', 'comment');
      else if (input.startsWith('<![CDATA[', pos)) {
        const end = input.indexOf(']]>', pos + 9);
        if (end < 0) fail('unterminated CDATA section');
        text += input.slice(pos + 9, end);
        pos = end + 3;
      } else if (input.startsWith('<?', pos)) skipUntil('?>', 'processing instruction');
      else if (input.startsWith('<!', pos)) fail('declarations are not accepted inside elements');
      else children.push(parseElement(depth + 1));
    }
  };

  skipMisc();
  if (pos >= input.length) fail('empty document');
  const root = parseElement(0);
  skipMisc();
  if (pos < input.length) fail('content after the root element');
  return root;
}

/** The first child named `name`, if any. */
export function childNamed(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name);
}
