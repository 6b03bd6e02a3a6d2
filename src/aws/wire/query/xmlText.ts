/**
 * Text and attribute escaping for the XML that awsQuery services answer with. Besides the
 * five markup characters, CR and TAB are written as character references so a parser's
 * end-of-line and whitespace normalisation gives back exactly what was sent, and characters
 * XML 1.0 cannot carry at all are dropped.
 */
export function escapeXml(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(ESCAPED, (c) => REPLACEMENTS[c] ?? '');
}

const NEEDS_ESCAPE = /[&<>"'\r\t\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const ESCAPED = /[&<>"'\r\t\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const REPLACEMENTS: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#xD;',
  '\t': '&#x9;',
};
