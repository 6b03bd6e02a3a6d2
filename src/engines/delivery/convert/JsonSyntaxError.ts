/** A record's text is not JSON (thrown by JsonScanner; the record fails with a parse error). */
export class JsonSyntaxError extends SyntaxError {
  override readonly name = 'JsonSyntaxError';
}
