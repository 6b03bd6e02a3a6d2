/**
 * Lambda's handler string: `dir/sub/file.export` or `file.nested.export`. The module is
 * everything up to the first dot after the last slash (so module file names cannot contain
 * dots), the rest is a dotted path into the module's exports — the Node.js runtime's rule.
 */
export interface ParsedHandler {
  /** Module path without extension, relative to the code directory. */
  readonly modulePath: string;
  /** Property names to follow from the module namespace to the handler function. */
  readonly exportPath: readonly string[];
}

/** Extensions tried in order for the module path (Lambda tries .js, .mjs, .cjs; we add TypeScript). */
export const HANDLER_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'] as const;

export function parseHandler(handler: string): ParsedHandler | undefined {
  if (handler.length === 0 || /\s/.test(handler)) return undefined;
  const slash = handler.lastIndexOf('/');
  const dir = handler.slice(0, slash + 1);
  const rest = handler.slice(slash + 1);
  const dot = rest.indexOf('.');
  if (dot <= 0 || dot === rest.length - 1) return undefined;
  const exportPath = rest.slice(dot + 1).split('.');
  if (exportPath.some((p) => p.length === 0)) return undefined;
  return { modulePath: dir + rest.slice(0, dot), exportPath };
}
