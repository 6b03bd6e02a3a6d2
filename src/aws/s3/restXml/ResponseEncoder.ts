import type { Readable } from 'node:stream';
import type { OperationModel, ServiceModel, Shape } from '../../wire/model.js';
import { S3_XMLNS, XmlWriter } from '../xml/XmlWriter.js';
import { headerSafe, httpDate } from './httpValues.js';
import { bodyMembers, scalarText, XmlShapeWriter } from './xmlShapes.js';

export interface EncodedResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body?: string | Buffer | Readable;
}

/** The root element S3 writes for outputs whose members are the document (the model does not name it). */
const ROOT_ELEMENTS: Readonly<Record<string, string>> = {
  ListBucketsOutput: 'ListAllMyBucketsResult',
  ListObjectsOutput: 'ListBucketResult',
  ListObjectsV2Output: 'ListBucketResult',
  ListObjectVersionsOutput: 'ListVersionsResult',
  ListMultipartUploadsOutput: 'ListMultipartUploadsResult',
  ListPartsOutput: 'ListPartsResult',
  CreateMultipartUploadOutput: 'InitiateMultipartUploadResult',
  CompleteMultipartUploadOutput: 'CompleteMultipartUploadResult',
  DeleteObjectsOutput: 'DeleteResult',
  GetBucketVersioningOutput: 'VersioningConfiguration',
  GetBucketAclOutput: 'AccessControlPolicy',
  GetObjectAclOutput: 'AccessControlPolicy',
  GetBucketTaggingOutput: 'Tagging',
  GetObjectTaggingOutput: 'Tagging',
  GetBucketRequestPaymentOutput: 'RequestPaymentConfiguration',
  GetBucketLoggingOutput: 'BucketLoggingStatus',
  GetBucketAccelerateConfigurationOutput: 'AccelerateConfiguration',
  GetBucketLifecycleConfigurationOutput: 'LifecycleConfiguration',
  GetBucketCorsOutput: 'CORSConfiguration',
  GetBucketWebsiteOutput: 'WebsiteConfiguration',
};

/** Outputs whose one member is the root element's text: `<LocationConstraint>eu-west-1</LocationConstraint>`. */
const VALUE_ROOTS: Readonly<Record<string, string>> = { GetBucketLocationOutput: 'LocationConstraint' };

/**
 * Writes an operation's output as rest-xml: header members to headers, the payload member
 * (a stream, text or an XML document) or the remaining members as one XML document.
 */
export class ResponseEncoder {
  private readonly xml: XmlShapeWriter;
  /** Per output shape, its header members (a GetObject output has about fifty members). */
  private readonly headerMembers = new Map<Shape, Array<{ name: string; header: string; prefix: boolean }>>();

  constructor(private readonly model: ServiceModel) {
    this.xml = new XmlShapeWriter(model);
  }

  encode(operation: OperationModel, output: Record<string, unknown>, status?: number): EncodedResponse {
    const shapeName = operation.output?.shape;
    const shape = shapeName ? this.model.shapes[shapeName] : undefined;
    const responseStatus = status ?? operation.http?.responseCode ?? 200;
    if (!shape || !shapeName) return { status: responseStatus, headers: {} };
    const headers = this.headers(shape, output);
    const payloadName = shape.payload;
    if (payloadName) {
      const ref = shape.members![payloadName]!;
      const value = output[payloadName];
      if (value === undefined) return { status: responseStatus, headers };
      const target = this.model.shapes[ref.shape]!;
      if (target.type === 'structure') {
        const w = new XmlWriter();
        this.xml.write(w, ref.locationName ?? payloadName, ref, value, { xmlns: S3_XMLNS });
        return { status: responseStatus, headers: { 'content-type': 'application/xml', ...headers }, body: w.toString() };
      }
      return { status: responseStatus, headers, body: value as string | Buffer | Readable };
    }
    const members = bodyMembers(shape);
    if (members.length === 0) return { status: responseStatus, headers };
    const w = new XmlWriter();
    const valueRoot = VALUE_ROOTS[shapeName];
    if (valueRoot) {
      const value = output[members[0]![0]];
      w.open(valueRoot, { xmlns: S3_XMLNS });
      if (value !== undefined && value !== null) w.text(scalarText(value));
      w.close(valueRoot);
    } else {
      const root = ROOT_ELEMENTS[shapeName] ?? shapeName.replace(/Output$/, 'Result');
      this.xml.write(w, root, { shape: shapeName }, output, { xmlns: S3_XMLNS });
    }
    return { status: responseStatus, headers: { 'content-type': 'application/xml', ...headers }, body: w.toString() };
  }

  private headers(shape: Shape, output: Record<string, unknown>): Record<string, string> {
    let members = this.headerMembers.get(shape);
    if (!members) {
      members = Object.entries(shape.members ?? {})
        .filter(([, ref]) => ref.location === 'header' || ref.location === 'headers')
        .map(([name, ref]) => ({ name, header: ref.locationName!.toLowerCase(), prefix: ref.location === 'headers' }));
      this.headerMembers.set(shape, members);
    }
    const headers: Record<string, string> = {};
    for (const { name, header, prefix } of members) {
      const value = output[name];
      if (value === undefined || value === null) continue;
      if (!prefix) {
        headers[header] = headerSafe(value instanceof Date ? httpDate(value) : String(value));
      } else {
        for (const [k, v] of Object.entries(value as Record<string, string>)) headers[header + k.toLowerCase()] = headerSafe(v);
      }
    }
    return headers;
  }
}
