import { TopicsError } from './TopicsError.js';
import type { MessageAttribute, MessageAttributes } from './types.js';

/** SNS's limit for a message and its attributes together. */
export const MAX_MESSAGE_BYTES = 256 * 1024;
const MAX_SUBJECT_LENGTH = 100;
const ATTRIBUTE_NAME = /^[A-Za-z0-9_.-]{1,256}$/;
const TYPE_PREFIXES = ['String', 'Number', 'Binary'];

/** Subject: UTF-8 text without line breaks or control characters, at most 100 characters (SNS's Publish constraints). */
export function checkSubject(subject: string | undefined): void {
  if (subject === undefined) return;
  if (subject.trim().length === 0 || [...subject].length > MAX_SUBJECT_LENGTH || /[\u0000-\u001f\u007f]/.test(subject)) throw TopicsError.invalid('Subject');
}

/** Checks names, types and values as SNS does (ParameterValueInvalid); returns the byte size they count for. */
export function checkAttributes(attributes: MessageAttributes | undefined): number {
  if (!attributes) return 0;
  for (const [name, a] of Object.entries(attributes)) {
    checkAttributeName(name);
    checkAttribute(name, a);
  }
  return attributesBytes(attributes);
}

/** What attributes count towards the message size limit: names, types and values. */
export function attributesBytes(attributes: MessageAttributes | undefined): number {
  let bytes = 0;
  for (const [name, a] of Object.entries(attributes ?? {})) {
    bytes += Buffer.byteLength(name) + Buffer.byteLength(a.dataType);
    bytes += a.binaryValue !== undefined ? a.binaryValue.length : Buffer.byteLength(a.stringValue ?? '');
  }
  return bytes;
}

function checkAttributeName(name: string): void {
  const lower = name.toLowerCase();
  if (
    !ATTRIBUTE_NAME.test(name) ||
    name.startsWith('.') ||
    name.endsWith('.') ||
    name.includes('..') ||
    lower.startsWith('aws.') ||
    lower.startsWith('amazon.')
  ) {
    throw new TopicsError('InvalidParameterValue', `The message attribute name '${name}' is invalid.`);
  }
}

function checkAttribute(name: string, a: MessageAttribute): void {
  const [prefix] = a.dataType.split('.', 1);
  const isArray = a.dataType === 'String.Array' || a.dataType.startsWith('String.Array.');
  if (!prefix || !TYPE_PREFIXES.includes(prefix) || a.dataType.length > 256 || (a.dataType.includes('.') && a.dataType.endsWith('.'))) {
    throw new TopicsError(
      'InvalidParameterValue',
      `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`,
    );
  }
  if (prefix === 'Binary') {
    if (a.binaryValue === undefined || a.binaryValue.length === 0) throw emptyValue(name, a.dataType);
    return;
  }
  if (a.stringValue === undefined || a.stringValue === '') throw emptyValue(name, a.dataType);
  if (prefix === 'Number') {
    const n = Number(a.stringValue);
    if (a.stringValue.trim() === '' || !Number.isFinite(n)) {
      throw new TopicsError('InvalidParameterValue', `Could not cast message attribute '${name}' value to number.`);
    }
  }
  if (isArray) {
    let ok = false;
    try {
      const v: unknown = JSON.parse(a.stringValue);
      ok = Array.isArray(v) && v.every((x) => x === null || ['string', 'number', 'boolean'].includes(typeof x));
    } catch {
      ok = false;
    }
    if (!ok) throw new TopicsError('InvalidParameterValue', `The message attribute '${name}' with type 'String.Array' must use field 'String' and be a JSON array of strings, numbers, booleans or null.`);
  }
}

function emptyValue(name: string, type: string): TopicsError {
  return new TopicsError('InvalidParameterValue', `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${type.split('.')[0]}'.`);
}

/** MessageStructure=json: `{"default": "...", "email": "...", ...}` → the default and the per-protocol texts. */
export function splitStructuredMessage(message: string): { message: string; perProtocol: Record<string, string> } {
  let doc: unknown;
  try {
    doc = JSON.parse(message);
  } catch {
    throw TopicsError.invalid('Message Structure - JSON message body failed to parse');
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw TopicsError.invalid('Message Structure - JSON message body failed to parse');
  const entries = Object.entries(doc as Record<string, unknown>);
  const fallback = (doc as Record<string, unknown>).default;
  if (typeof fallback !== 'string') throw TopicsError.invalid('Message Structure - No default entry in JSON message body');
  const perProtocol: Record<string, string> = {};
  for (const [k, v] of entries) {
    if (k === 'default') continue;
    if (typeof v !== 'string') throw TopicsError.invalid(`Message Structure - the value for ${k} must be a string`);
    perProtocol[k] = v;
  }
  return { message: fallback, perProtocol };
}
