import { CatalogError } from './CatalogError.js';

/**
 * GetTables' Expression: a regular expression matched against whole table names, with
 * Hive's conveniences: `*` alone (not after `.`) means any run of characters, `|` separates
 * alternatives, and matching ignores case (names are stored in lower case anyway).
 * So `events*`, `.*events.*` and `events|clicks` all work as they do on AWS.
 */
export function compileNamePattern(pattern: string): (name: string) => boolean {
  const alternatives = pattern.split('|').map((alt) => alt.trim().replace(/(^|[^.\\])\*/g, '$1.*'));
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${alternatives.join('|')})$`, 'is');
  } catch {
    throw CatalogError.invalid(`Expression '${pattern}' is not a valid regular expression.`);
  }
  return (name) => re.test(name);
}
