import { Readable } from 'node:stream';
import { EventStreamCodec, type Message } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import type { AwsError } from './AwsError.js';
import type { ServiceModel } from './model.js';

export const EVENT_STREAM_CONTENT_TYPE = 'application/vnd.amazon.eventstream';

/** The member of an output shape that is an event stream (AWS's `eventstream` union), if any. */
export function eventStreamMemberOf(model: ServiceModel, outputShape: string | undefined): { member: string; union: string } | undefined {
  const shape = outputShape === undefined ? undefined : model.shapes[outputShape];
  for (const [member, ref] of Object.entries(shape?.members ?? {})) {
    if (model.shapes[ref.shape]?.eventstream) return { member, union: ref.shape };
  }
  return undefined;
}

export interface EventStreamWriterOptions {
  readonly model: ServiceModel;
  /** The union shape of the events (SubscribeToShardEventStream). */
  readonly union: string;
  /** `:content-type` of every payload. */
  readonly payloadContentType: string;
  /** Turns an event (or the initial response) into payload bytes in the request's encoding. */
  readonly encode: (shapeName: string | undefined, value: unknown) => Uint8Array;
  /** Turns a failure during the stream into the service's error. */
  readonly toAwsError: (error: unknown) => AwsError;
}

/**
 * Frames an operation's event stream as AWS's `application/vnd.amazon.eventstream` messages
 * (prelude, headers, payload, CRC32s by @smithy/eventstream-codec): an `initial-response`
 * with the output's other members, then one message per event. A failure becomes an
 * `exception` message when the union models it and an `error` message otherwise; then the
 * stream ends. Destroying the body (the client went away) returns the event iterator.
 */
export class EventStreamWriter {
  private readonly codec = new EventStreamCodec(toUtf8, fromUtf8);

  constructor(private readonly options: EventStreamWriterOptions) {}

  body(outputShape: string | undefined, initial: Record<string, unknown>, events: AsyncIterable<Record<string, unknown>>): Readable {
    return Readable.from(this.messages(outputShape, initial, events), { objectMode: false });
  }

  private async *messages(outputShape: string | undefined, initial: Record<string, unknown>, events: AsyncIterable<Record<string, unknown>>): AsyncGenerator<Buffer> {
    yield this.event('initial-response', this.options.encode(outputShape, initial));
    const members = this.options.model.shapes[this.options.union]?.members ?? {};
    try {
      for await (const event of events) {
        const [type, payload] = Object.entries(event)[0] ?? [];
        if (type === undefined) continue;
        yield this.event(type, this.options.encode(members[type]?.shape, payload));
      }
    } catch (error) {
      yield this.failure(this.options.toAwsError(error));
    }
  }

  private event(type: string, payload: Uint8Array): Buffer {
    return this.frame({
      headers: {
        ':message-type': { type: 'string', value: 'event' },
        ':event-type': { type: 'string', value: type },
        ':content-type': { type: 'string', value: this.options.payloadContentType },
      },
      body: payload,
    });
  }

  private failure(error: AwsError): Buffer {
    const members = this.options.model.shapes[this.options.union]?.members ?? {};
    // A server fault the union does not name by its code still has a modeled form in most
    // unions (Kinesis: InternalFailureException).
    const code = error.code in members ? error.code : error.isServerFault && 'InternalFailureException' in members ? 'InternalFailureException' : undefined;
    if (code === undefined) {
      return this.frame({
        headers: {
          ':message-type': { type: 'string', value: 'error' },
          ':error-code': { type: 'string', value: error.code },
          ':error-message': { type: 'string', value: error.message },
        },
        body: new Uint8Array(0),
      });
    }
    return this.frame({
      headers: {
        ':message-type': { type: 'string', value: 'exception' },
        ':exception-type': { type: 'string', value: code },
        ':content-type': { type: 'string', value: this.options.payloadContentType },
      },
      body: this.options.encode(undefined, { message: error.message }),
    });
  }

  private frame(message: Message): Buffer {
    const bytes = this.codec.encode(message);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
}
