/** The compact service model (see scripts/generate-models.mjs): AWS's model without docs. */

export interface MemberRef {
  readonly shape: string;
  readonly location?: 'header' | 'headers' | 'querystring' | 'uri' | 'statusCode';
  readonly locationName?: string;
  readonly queryName?: string;
  readonly xmlNamespace?: { readonly uri?: string; readonly prefix?: string };
  readonly xmlAttribute?: boolean;
  readonly flattened?: boolean;
  readonly jsonvalue?: boolean;
  readonly timestampFormat?: string;
  readonly streaming?: boolean;
  readonly eventpayload?: boolean;
  readonly hostLabel?: boolean;
  readonly idempotencyToken?: boolean;
}

export type ShapeType =
  | 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'float' | 'double'
  | 'boolean' | 'blob' | 'timestamp' | 'bigdecimal' | 'biginteger';

export interface Shape {
  readonly type: ShapeType;
  readonly required?: readonly string[];
  readonly members?: Readonly<Record<string, MemberRef>>;
  readonly member?: MemberRef;
  readonly key?: MemberRef;
  readonly value?: MemberRef;
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly enum?: readonly string[];
  readonly timestampFormat?: string;
  readonly flattened?: boolean;
  readonly error?: { readonly code?: string; readonly httpStatusCode?: number; readonly senderFault?: boolean };
  readonly exception?: boolean;
  readonly fault?: boolean;
  readonly eventstream?: boolean;
  readonly streaming?: boolean;
  readonly payload?: string;
  readonly locationName?: string;
  readonly xmlNamespace?: { readonly uri?: string; readonly prefix?: string };
  readonly union?: boolean;
  readonly document?: boolean;
  readonly sensitive?: boolean;
  readonly requiresLength?: boolean;
  readonly event?: boolean;
}

export interface OperationModel {
  readonly name: string;
  readonly http?: { readonly method: string; readonly requestUri: string; readonly responseCode?: number };
  readonly input?: { readonly shape: string; readonly locationName?: string; readonly xmlNamespace?: { readonly uri?: string } };
  readonly output?: { readonly shape: string; readonly resultWrapper?: string };
  readonly errors?: readonly { readonly shape: string }[];
  readonly endpoint?: { readonly hostPrefix?: string };
  readonly httpChecksum?: Readonly<Record<string, unknown>>;
}

export interface ServiceModel {
  readonly metadata: {
    readonly apiVersion: string;
    readonly endpointPrefix?: string;
    readonly jsonVersion?: string;
    readonly protocol: string;
    readonly protocols?: readonly string[];
    readonly serviceId?: string;
    readonly signingName?: string;
    readonly targetPrefix?: string;
    readonly xmlNamespace?: string;
    readonly uid?: string;
    readonly awsQueryCompatible?: Readonly<Record<string, never>>;
  };
  readonly operations: Readonly<Record<string, OperationModel>>;
  readonly shapes: Readonly<Record<string, Shape>>;
}
