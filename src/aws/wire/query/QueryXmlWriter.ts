import type { MemberRef, ServiceModel, Shape } from '../model.js';
import { escapeXml } from './xmlText.js';

/** Appends one value as XML to `out`; `name` is the element name, already chosen by the parent. */
type Write = (value: unknown, name: string, out: string[]) => void;

/**
 * Writes awsQuery responses, driven by the operation's output shape:
 *
 * ```xml
 * <PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
 *   <PublishResult><MessageId>…</MessageId></PublishResult>
 *   <ResponseMetadata><RequestId>…</RequestId></ResponseMetadata>
 * </PublishResponse>
 * ```
 *
 * Element names come from `locationName` or the member name; lists are `<member>` items
 * (or the member's `locationName`), flattened lists repeat the element; maps are
 * `<entry><key/><value/></entry>` (or their `locationName`s). Timestamps are ISO 8601,
 * blobs base64, booleans `true`/`false`.
 */
export class QueryXmlWriter {
  private readonly writers = new Map<string, Write>();
  private readonly namespace: string;

  constructor(private readonly model: ServiceModel) {
    this.namespace = model.metadata.xmlNamespace ?? '';
  }

  /** The whole response document of a successful call. */
  response(operation: string, resultWrapper: string | undefined, outputShape: string | undefined, output: unknown, requestId: string): string {
    const out: string[] = [`<${operation}Response${this.xmlns()}>`];
    if (outputShape !== undefined && output !== undefined && output !== null) {
      this.writer(outputShape)(output, resultWrapper ?? `${operation}Result`, out);
    }
    out.push(`<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata></${operation}Response>`);
    return out.join('');
  }

  private xmlns(): string {
    return this.namespace ? ` xmlns="${escapeXml(this.namespace)}"` : '';
  }

  private writer(shapeName: string): Write {
    let w = this.writers.get(shapeName);
    if (w) return w;
    let compiled: Write | undefined;
    this.writers.set(shapeName, (v, n, o) => compiled!(v, n, o)); // recursive shapes
    const shape = this.model.shapes[shapeName];
    if (!shape) throw new Error(`shape ${shapeName} missing from the ${this.model.metadata.serviceId} model`);
    compiled = this.compile(shape);
    this.writers.set(shapeName, compiled);
    return compiled;
  }

  private lazy(ref: MemberRef): Write {
    let w: Write | undefined;
    return (v, n, o) => (w ??= this.writer(ref.shape))(v, n, o);
  }

  private compile(shape: Shape): Write {
    switch (shape.type) {
      case 'structure':
        return this.compileStructure(shape);
      case 'list':
        return this.compileList(shape, false);
      case 'map':
        return this.compileMap(shape);
      case 'timestamp':
        return text(formatTimestamp);
      case 'blob':
        return text((v) => (v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') : String(v)));
      case 'boolean':
        return text((v) => (v === true || v === 'true' ? 'true' : 'false'));
      case 'float':
      case 'double':
        return text(formatDouble);
      default:
        return text((v) => String(v));
    }
  }

  private compileStructure(shape: Shape): Write {
    const members = Object.entries(shape.members ?? {})
      .filter(([, ref]) => ref.location === undefined)
      .map(([name, ref]) => {
        const target = this.model.shapes[ref.shape];
        const flatList = target?.type === 'list' && (target.flattened === true || ref.flattened === true);
        return {
          name,
          element: ref.locationName ?? (flatList ? target.member?.locationName : undefined) ?? name,
          write: flatList ? this.compileList(target, true) : this.lazy(ref),
        };
      });
    return (value, name, out) => {
      out.push(`<${name}>`);
      if (value !== null && typeof value === 'object') {
        const record = value as Record<string, unknown>;
        for (const m of members) {
          const v = record[m.name];
          if (v !== undefined && v !== null) m.write(v, m.element, out);
        }
      }
      out.push(`</${name}>`);
    };
  }

  private compileList(shape: Shape, flattened: boolean): Write {
    const member = shape.member!;
    const item = this.lazy(member);
    const itemName = member.locationName ?? 'member';
    if (flattened) {
      return (value, name, out) => {
        if (!Array.isArray(value)) return;
        for (const v of value) if (v !== undefined && v !== null) item(v, name, out);
      };
    }
    return (value, name, out) => {
      out.push(`<${name}>`);
      if (Array.isArray(value)) for (const v of value) if (v !== undefined && v !== null) item(v, itemName, out);
      out.push(`</${name}>`);
    };
  }

  private compileMap(shape: Shape): Write {
    const keyName = shape.key?.locationName ?? 'key';
    const valueName = shape.value?.locationName ?? 'value';
    const writeValue = this.lazy(shape.value!);
    const flattened = shape.flattened === true;
    return (value, name, out) => {
      const entries = value instanceof Map ? [...value.entries()] : Object.entries((value ?? {}) as Record<string, unknown>);
      if (!flattened) out.push(`<${name}>`);
      for (const [k, v] of entries) {
        out.push(flattened ? `<${name}>` : '<entry>');
        out.push(`<${keyName}>${escapeXml(String(k))}</${keyName}>`);
        if (v !== undefined && v !== null) writeValue(v, valueName, out);
        out.push(flattened ? `</${name}>` : '</entry>');
      }
      if (!flattened) out.push(`</${name}>`);
    };
  }
}

function text(format: (v: unknown) => string): Write {
  return (value, name, out) => {
    out.push(`<${name}>${escapeXml(format(value))}</${name}>`);
  };
}

function formatTimestamp(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'number') return new Date(v * 1000).toISOString(); // epoch seconds, as the SDK types' numbers
  return String(v);
}

function formatDouble(v: unknown): string {
  if (typeof v !== 'number') return String(v);
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return String(v);
}
