/**
 * Athena's result CSV: every value in double quotes (quotes doubled), NULL as nothing,
 * rows ending in \n. Quoting every value keeps NULL (nothing) apart from the empty string
 * (""), which GetQueryResults must tell apart.
 */
export function csvLine(values: ReadonlyArray<string | null>): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += ',';
    const v = values[i];
    if (v !== null && v !== undefined) line += `"${v.includes('"') ? v.replaceAll('"', '""') : v}"`;
  }
  return `${line}\n`;
}

/**
 * Reads CSV rows from text that starts at a row boundary. Returns the complete rows and how
 * many characters they used; a row cut off at the end of `text` is left for the next call
 * unless `final`.
 */
export function parseCsvRows(text: string, maxRows: number, final: boolean): { rows: Array<Array<string | null>>; consumed: number } {
  const rows: Array<Array<string | null>> = [];
  let pos = 0;
  const n = text.length;
  while (rows.length < maxRows && pos < n) {
    const row: Array<string | null> = [];
    let i = pos;
    let complete = false;
    for (;;) {
      if (i >= n) break;
      if (text[i] === '"') {
        let value = '';
        let j = i + 1;
        let closed = false;
        while (j < n) {
          const q = text.indexOf('"', j);
          if (q < 0) {
            j = n;
            break;
          }
          value += text.slice(j, q);
          if (text[q + 1] === '"') {
            value += '"';
            j = q + 2;
            continue;
          }
          j = q + 1;
          closed = true;
          break;
        }
        if (!closed) break;
        row.push(value);
        i = j;
      } else {
        // unquoted: NULL when empty, otherwise the raw text (files other tools wrote)
        let j = i;
        while (j < n && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') j++;
        if (j >= n && !final) break;
        row.push(j === i ? null : text.slice(i, j));
        i = j;
      }
      if (i >= n) {
        if (final) complete = true;
        break;
      }
      if (text[i] === ',') {
        i++;
        if (i >= n && final) {
          row.push(null);
          complete = true;
          break;
        }
        continue;
      }
      if (text[i] === '\r' && text[i + 1] === '\n') i++;
      if (text[i] === '\n' || text[i] === '\r') {
        i++;
        complete = true;
        break;
      }
    }
    if (!complete) break;
    rows.push(row);
    pos = i;
  }
  return { rows, consumed: pos };
}
