import type { MemberRef, ServiceModel, Shape } from '../../wire/model.js';
import type { XmlElement } from '../xml/parseXml.js';
import type { XmlWriter } from '../xml/XmlWriter.js';
import { parseDateValue, xmlTimestamp } from './httpValues.js';

/** Reads and writes values of model shapes as rest-xml elements. */

function shapeOf(model: ServiceModel, name: string): Shape {
  const shape = model.shapes[name];
  if (!shape) throw new Error(`the S3 model has no shape ${name}`);
  return shape;
}

function isFlattened(ref: MemberRef, shape: Shape): boolean {
  return ref.flattened === true || shape.flattened === true;
}

/** The element name of a structure member. */
function elementName(memberName: string, ref: MemberRef): string {
  return ref.locationName ?? memberName;
}

/** Members that live in the XML body (not in headers, the query, the URI or the status). */
export function bodyMembers(shape: Shape): Array<[string, MemberRef]> {
  return Object.entries(shape.members ?? {}).filter(([, ref]) => ref.location === undefined);
}

export class XmlShapeReader {
  constructor(private readonly model: ServiceModel) {}

  /** The value of `element` read as `shapeName`. */
  read(shapeName: string, element: XmlElement): unknown {
    const shape = shapeOf(this.model, shapeName);
    switch (shape.type) {
      case 'structure':
        return this.readStructure(shape, element);
      case 'list': {
        const member = shape.member!;
        const itemName = member.locationName ?? 'member';
        return element.children.filter((c) => c.name === itemName).map((c) => this.read(member.shape, c));
      }
      case 'map':
        return this.readMap(shape, element);
      default:
        return scalar(shape, element.text);
    }
  }

  private readStructure(shape: Shape, element: XmlElement): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, ref] of bodyMembers(shape)) {
      const tag = elementName(name, ref);
      const target = shapeOf(this.model, ref.shape);
      if (ref.xmlAttribute) {
        const value = element.attributes[tag];
        if (value !== undefined) out[name] = scalar(target, value);
        continue;
      }
      if (target.type === 'list' && isFlattened(ref, target)) {
        const items = element.children.filter((c) => c.name === localPart(tag));
        if (items.length > 0) out[name] = items.map((c) => this.read(target.member!.shape, c));
        continue;
      }
      const child = element.children.find((c) => c.name === localPart(tag));
      if (child) out[name] = this.read(ref.shape, child);
    }
    return out;
  }

  private readMap(shape: Shape, element: XmlElement): Record<string, unknown> {
    const keyName = shape.key?.locationName ?? 'key';
    const valueName = shape.value?.locationName ?? 'value';
    const out: Record<string, unknown> = {};
    for (const entry of element.children) {
      const k = entry.children.find((c) => c.name === keyName);
      const v = entry.children.find((c) => c.name === valueName);
      if (k && v) out[k.text] = this.read(shape.value!.shape, v);
    }
    return out;
  }
}

function localPart(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
}

/** A scalar from its text; numbers that do not parse stay text so the operation can refuse them. */
function scalar(shape: Shape, text: string): unknown {
  switch (shape.type) {
    case 'integer':
    case 'long':
    case 'float':
    case 'double': {
      const n = Number(text.trim());
      return text.trim() === '' || Number.isNaN(n) ? text : n;
    }
    case 'boolean':
      return text.trim().toLowerCase() === 'true';
    case 'timestamp':
      return parseDateValue(text.trim()) ?? text;
    default:
      return text;
  }
}

export class XmlShapeWriter {
  constructor(private readonly model: ServiceModel) {}

  /** Writes `value` as the element `name` of shape `ref.shape`; undefined writes nothing. */
  write(w: XmlWriter, name: string, ref: MemberRef, value: unknown, rootAttributes: Record<string, string> = {}): void {
    if (value === undefined || value === null) return;
    const shape = shapeOf(this.model, ref.shape);
    switch (shape.type) {
      case 'structure':
        this.writeStructure(w, name, shape, value as Record<string, unknown>, rootAttributes);
        return;
      case 'list': {
        const items = value as readonly unknown[];
        const member = shape.member!;
        if (isFlattened(ref, shape)) {
          for (const item of items) this.write(w, name, member, item);
          return;
        }
        w.open(name, rootAttributes);
        for (const item of items) this.write(w, member.locationName ?? 'member', member, item);
        w.close(name);
        return;
      }
      case 'map':
        throw new Error(`rest-xml maps are not written (${name})`);
      default:
        w.leaf(name, scalarText(value), rootAttributes);
    }
  }

  private writeStructure(w: XmlWriter, name: string, shape: Shape, value: Record<string, unknown>, rootAttributes: Record<string, string>): void {
    const attributes: Record<string, string> = { ...rootAttributes };
    if (shape.xmlNamespace?.uri) {
      attributes[shape.xmlNamespace.prefix ? `xmlns:${shape.xmlNamespace.prefix}` : 'xmlns'] = shape.xmlNamespace.uri;
    }
    const members = bodyMembers(shape);
    for (const [member, ref] of members) {
      if (ref.xmlAttribute && value[member] !== undefined) attributes[elementName(member, ref)] = scalarText(value[member]);
    }
    w.open(name, attributes);
    for (const [member, ref] of members) {
      if (!ref.xmlAttribute) this.write(w, elementName(member, ref), ref, value[member]);
    }
    w.close(name);
  }
}

export function scalarText(value: unknown): string {
  if (value instanceof Date) return xmlTimestamp(value);
  return String(value);
}
