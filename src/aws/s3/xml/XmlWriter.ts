/** Builds an XML document as a string; S3's responses are small enough not to need streaming. */

export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';
export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

const SPECIAL = /[&<>"\r\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

/**
 * Escapes text and attribute values. Control characters have no XML 1.0 form; S3 writes
 * them as character references, which the SDKs' parsers accept, so keys holding them
 * survive a listing.
 */
export function escapeXml(text: string): string {
  return text.replace(SPECIAL, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`;
    }
  });
}

export class XmlWriter {
  private readonly parts: string[] = [];

  constructor(declaration = true) {
    if (declaration) this.parts.push(XML_DECLARATION);
  }

  open(name: string, attributes: Readonly<Record<string, string>> = {}): this {
    this.parts.push('<', name);
    for (const [k, v] of Object.entries(attributes)) this.parts.push(' ', k, '="', escapeXml(v), '"');
    this.parts.push('>');
    return this;
  }

  close(name: string): this {
    this.parts.push('</', name, '>');
    return this;
  }

  /** `<name>text</name>` */
  leaf(name: string, text: string, attributes: Readonly<Record<string, string>> = {}): this {
    return this.open(name, attributes).text(text).close(name);
  }

  text(text: string): this {
    this.parts.push(escapeXml(text));
    return this;
  }

  toString(): string {
    return this.parts.join('');
  }
}
