/** GetObject's and HeadObject's `response-*` query parameters, which replace stored headers in the answer. */
export interface OverrideInput {
  readonly ResponseCacheControl?: string | undefined;
  readonly ResponseContentDisposition?: string | undefined;
  readonly ResponseContentEncoding?: string | undefined;
  readonly ResponseContentLanguage?: string | undefined;
  readonly ResponseContentType?: string | undefined;
  readonly ResponseExpires?: Date | undefined;
}

export function responseOverrides(input: OverrideInput): Record<string, string> {
  const out: Record<string, string> = {};
  if (input.ResponseCacheControl !== undefined) out.CacheControl = input.ResponseCacheControl;
  if (input.ResponseContentDisposition !== undefined) out.ContentDisposition = input.ResponseContentDisposition;
  if (input.ResponseContentEncoding !== undefined) out.ContentEncoding = input.ResponseContentEncoding;
  if (input.ResponseContentLanguage !== undefined) out.ContentLanguage = input.ResponseContentLanguage;
  if (input.ResponseContentType !== undefined) out.ContentType = input.ResponseContentType;
  if (input.ResponseExpires !== undefined) out.Expires = input.ResponseExpires.toUTCString();
  return out;
}
