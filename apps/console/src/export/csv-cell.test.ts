import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from './csv-cell.js';
import { exportFilename } from './export-filename.js';

describe('csvCell', () => {
  it('quotes a cell holding a quote, comma or line break, doubling its quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(new Date('2025-01-08T10:12:07.672Z'))).toBe('2025-01-08T10:12:07.672Z');
  });

  it.each(['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1:A2)', '\t=1', '\r=1'])('defuses a cell a spreadsheet would run as a formula: %j', (formula) => {
    expect(csvCell(formula).replace(/^"/, '').startsWith("'")).toBe(true);
  });

  it('round-trips through a CSV parser, formula cells with their leading quote', () => {
    const cells = ['a,b', 'multi\r\nline', '"quoted"', '=1+1', 'ünïcødé', ''];
    const [parsed] = parse(csvRow(cells)) as string[][];
    expect(parsed).toEqual(['a,b', 'multi\r\nline', '"quoted"', "'=1+1", 'ünïcødé', '']);
  });
});

describe('exportFilename', () => {
  it('names the connector and the time, keeping only letters, digits and dashes', () => {
    const now = new Date('2025-01-08T10:12:07.672Z');
    expect(exportFilename('stripe', 'csv', now)).toBe('events-stripe-20250108T101207Z.csv');
    expect(exportFilename('a"; filename=evil.exe\r\n', 'ndjson', now)).toBe('events-afilenameevilexe-20250108T101207Z.ndjson');
    expect(exportFilename(undefined, 'csv', now)).toBe('events-all-20250108T101207Z.csv');
    expect(exportFilename('../"', 'csv', now)).toBe('events-all-20250108T101207Z.csv');
  });
});
