import type { IncomingHttpHeaders } from 'node:http';
import { AwsError } from '../../wire/AwsError.js';
import type { MemberRef, OperationModel, ServiceModel, Shape } from '../../wire/model.js';
import { parseXml, XmlSyntaxError } from '../xml/parseXml.js';
import { parseDateValue } from './httpValues.js';
import { XmlShapeReader } from './xmlShapes.js';

/** The parts of a request the input members are read from. */
export interface RequestParts {
  readonly bucket: string | undefined;
  readonly key: string | undefined;
  readonly query: ReadonlyMap<string, string>;
  readonly headers: IncomingHttpHeaders;
}

export function malformedXml(): AwsError {
  return new AwsError(
    'MalformedXML',
    'The XML you provided was not well-formed or did not validate against our published schema',
    400,
  );
}

/**
 * Reads an operation's input from the URI, query string and headers as the model places
 * each member (rest-xml). The payload member (a body stream or an XML document) is the
 * caller's: see {@link payloadOf} and {@link decodeXmlPayload}.
 */
export class RequestDecoder {
  private readonly xml: XmlShapeReader;

  constructor(private readonly model: ServiceModel) {
    this.xml = new XmlShapeReader(model);
  }

  decode(operation: OperationModel, parts: RequestParts): Record<string, unknown> {
    const input: Record<string, unknown> = {};
    const shape = this.inputShape(operation);
    if (!shape) return input;
    for (const [name, ref] of Object.entries(shape.members ?? {})) {
      const value = this.member(ref, parts);
      if (value !== undefined) input[name] = value;
    }
    return input;
  }

  /** The payload member's name and reference, when the input has one. */
  payloadOf(operation: OperationModel): { name: string; ref: MemberRef; shape: Shape } | undefined {
    const shape = this.inputShape(operation);
    const name = shape?.payload;
    const ref = name ? shape.members?.[name] : undefined;
    if (!name || !ref) return undefined;
    return { name, ref, shape: this.model.shapes[ref.shape]! };
  }

  /** An XML payload read as its shape; an empty body is no value. */
  decodeXmlPayload(ref: MemberRef, body: Buffer): unknown {
    const text = body.toString('utf8');
    if (text.trim() === '') return undefined;
    try {
      return this.xml.read(ref.shape, parseXml(text));
    } catch (err) {
      if (err instanceof XmlSyntaxError) throw malformedXml();
      throw err;
    }
  }

  private inputShape(operation: OperationModel): Shape | undefined {
    return operation.input ? this.model.shapes[operation.input.shape] : undefined;
  }

  private member(ref: MemberRef, parts: RequestParts): unknown {
    const shape = this.model.shapes[ref.shape]!;
    switch (ref.location) {
      case 'uri':
        return ref.locationName === 'Bucket' ? parts.bucket : ref.locationName?.startsWith('Key') ? parts.key : undefined;
      case 'header': {
        const raw = parts.headers[ref.locationName!.toLowerCase()];
        const text = Array.isArray(raw) ? raw.join(', ') : raw;
        return text === undefined ? undefined : scalarFrom(shape, text, ref.locationName!, 'header');
      }
      case 'headers': {
        const prefix = ref.locationName!.toLowerCase();
        const map: Record<string, string> = {};
        let any = false;
        for (const [name, value] of Object.entries(parts.headers)) {
          if (name.startsWith(prefix) && value !== undefined) {
            map[name.slice(prefix.length)] = Array.isArray(value) ? value.join(',') : value;
            any = true;
          }
        }
        return any ? map : undefined;
      }
      case 'querystring': {
        const text = parts.query.get(ref.locationName!);
        return text === undefined ? undefined : scalarFrom(shape, text, ref.locationName!, 'query');
      }
      default:
        return undefined;
    }
  }
}

function scalarFrom(shape: Shape, text: string, name: string, where: 'header' | 'query'): unknown {
  switch (shape.type) {
    case 'integer':
    case 'long': {
      const trimmed = text.trim();
      if (!/^-?\d{1,16}$/.test(trimmed)) {
        throw new AwsError('InvalidArgument', `Provided ${name} not an integer or within integer range`, 400, {
          ArgumentName: name,
          ArgumentValue: text,
        });
      }
      return Number(trimmed);
    }
    case 'boolean':
      return text.trim().toLowerCase() === 'true';
    case 'timestamp':
      // HTTP: a date a server cannot read is ignored (conditional headers then do not apply).
      return parseDateValue(text.trim());
    case 'list':
      return where === 'header' ? text.split(',').map((s) => s.trim()).filter((s) => s !== '') : [text];
    default:
      return text;
  }
}

/** `a=1&b&c=%20` → Map; `+` is a space, as in a form. The first of repeated names wins. */
export function parseQueryString(rawQuery: string): Map<string, string> {
  const out = new Map<string, string>();
  if (rawQuery === '') return out;
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decodeQueryPart(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decodeQueryPart(pair.slice(eq + 1));
    if (!out.has(name)) out.set(name, value);
  }
  return out;
}

function decodeQueryPart(raw: string): string {
  const spaced = raw.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    throw new AwsError('InvalidArgument', `The query string has a malformed percent-encoding: ${raw}`, 400);
  }
}
