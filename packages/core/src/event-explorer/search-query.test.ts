import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { searchLexemes } from './search-lexemes.js';
import { parseSearch, quoteLexeme } from './search-query.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('searchquery');
});
afterAll(async () => {
  await db.drop();
});

/** Whether `search` finds a webhook whose searchable values are `values`, as PostgreSQL decides it. */
async function finds(values: string[], search: string): Promise<boolean> {
  const parsed = parseSearch(search);
  if (!parsed) throw new Error(`nothing to search in ${JSON.stringify(search)}`);
  const { rows } = await db.pool.query<{ hit: boolean }>('SELECT array_to_tsvector($1::text[]) @@ $2::tsquery AS hit', [searchLexemes(values), parsed.tsquery]);
  return rows[0]!.hit;
}

describe('searchLexemes', () => {
  it('keeps each whole value lower-cased and its words of two characters or more', () => {
    expect(searchLexemes(['Jenny.Rosen@Example.com', 'octocat/Hello-World', '#1001', 'a b'])).toEqual([
      'jenny.rosen@example.com',
      'jenny',
      'rosen',
      'example',
      'com',
      'octocat/hello-world',
      'octocat',
      'hello-world',
      '#1001',
      '1001',
      'a b',
    ]);
  });
});

describe('parseSearch (tsquery built from what was typed, checked by PostgreSQL)', () => {
  it('finds a whole value in any case, and by one of its words', async () => {
    expect(await finds(['jenny.rosen@example.com'], 'Jenny.Rosen@example.com')).toBe(true);
    expect(await finds(['jenny.rosen@example.com'], 'rosen')).toBe(true);
    expect(await finds(['cus_QhqXyl5V2bQ9dA'], 'cus_qhqxyl5v2bq9da')).toBe(true);
    expect(await finds(['cus_QhqXyl5V2bQ9dA'], 'cus_Qhq')).toBe(false);
  });

  it('finds by the words of a typed value that is not stored whole (example.com in an address)', async () => {
    expect(await finds(['jenny.rosen@example.com'], 'example.com')).toBe(true);
    expect(await finds(['jenny.rosen@example.org'], 'example.com')).toBe(false);
    // Its one-character piece (3) is not a stored word: only the whole address matches.
    expect(await finds(['ada+3@example.org'], 'ada+3@example.org')).toBe(true);
    expect(await finds(['ada+1@example.org'], 'ada+3@example.org')).toBe(false);
  });

  it('matches a trailing * by prefix, never a one-letter one', async () => {
    expect(await finds(['cus_QhqXyl5V2bQ9dA'], 'cus_Qhq*')).toBe(true);
    expect(await finds(['octocat/Hello-World'], 'octo*')).toBe(true);
    expect(await finds(['octocat'], 'o*')).toBe(false);
  });

  it('needs every word to match', async () => {
    expect(await finds(['octocat/Hello-World', 'refs/heads/main'], 'octocat main')).toBe(true);
    expect(await finds(['octocat/Hello-World', 'refs/heads/main'], 'octocat master')).toBe(false);
  });

  it("keeps quotes, backslashes and tsquery operators inert: they are searched as text", async () => {
    for (const nasty of ["o'brien", 'back\\slash', "a'|'b", "x':*|'y", "it's:* | 'quoted' & more", '!(not)', 'a&b', "''"]) {
      expect([nasty, await finds([nasty], nasty)]).toEqual([nasty, true]);
      expect(await finds(['unrelated'], nasty)).toBe(false);
    }
  });

  it('answers undefined when nothing searchable was typed, and keeps typed case for provider ids', () => {
    expect(parseSearch('   ')).toBeUndefined();
    expect(parseSearch('*')).toBeUndefined();
    expect(parseSearch(' evt_3PqR1s  X-1* ')?.exact).toEqual(['evt_3PqR1s', 'X-1']);
    expect(quoteLexeme("it's")).toBe("'it''s'");
  });
});
