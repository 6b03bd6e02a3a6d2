import type { EdgeRequest, EdgeResponse } from '../../aws/wire/EdgeRequest.js';

/** A console API call after routing: the path's named parts, decoded, and the query string. */
export interface ApiRequest {
  readonly edge: EdgeRequest;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
}

export type ApiHandler = (req: ApiRequest) => Promise<EdgeResponse>;

/** A refusal the console explains to the page: a status and a sentence. */
export class ConsoleHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ConsoleHttpError';
  }
}

export function json(body: unknown, status = 200): EdgeResponse {
  return {
    status,
    // The console's data changes all the time and may be private: never cache it.
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    body: JSON.stringify(body),
  };
}

export function withHeaders(response: EdgeResponse, headers: Readonly<Record<string, string>>): EdgeResponse {
  return { ...response, headers: { ...response.headers, ...headers } };
}

export function notAvailable(what: string): ConsoleHttpError {
  return new ConsoleHttpError(404, `${what} are not part of this Lakehose`);
}

/** An integer query parameter within [min, max], or the default. */
export function intParam(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConsoleHttpError(400, `${name} must be an integer from ${min} to ${max}`);
  return n;
}

/** Reads a small JSON object body. */
export async function jsonBody(req: ApiRequest, limitBytes = 1024 * 1024): Promise<Record<string, unknown>> {
  const bytes = await req.edge.readBody(limitBytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ConsoleHttpError(400, 'The request body must be JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConsoleHttpError(400, 'The request body must be a JSON object');
  return parsed as Record<string, unknown>;
}

export function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const v = body[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw new ConsoleHttpError(400, `${name} must be a string`);
  return v;
}
