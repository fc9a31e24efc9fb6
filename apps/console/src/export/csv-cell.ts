/** Cells a spreadsheet would run as a formula (OWASP "CSV injection"): = + - @, and tab / carriage return before them. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell (RFC 4180): a value that a spreadsheet would take for a formula gets a leading `'`;
 * a value holding a quote, comma, or line break is quoted, its quotes doubled.
 */
export function csvCell(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record with its CRLF. */
export function csvRow(cells: readonly (string | number | Date | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
