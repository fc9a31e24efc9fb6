/** Characters a value is split into words at: `jane@example.com` -> jane, example, com; `octocat/Hello-World` -> octocat, hello-world. */
const WORD_BREAK = /[\s/@.,:;#?&=+()[\]{}<>"'|\\]+/u;
/** Lexemes one webhook stores at most. */
export const MAX_LEXEMES = 128;

/** The pieces of a value between word breaks, however short. */
export function piecesOf(value: string): string[] {
  return value.split(WORD_BREAK).filter((w) => w !== '');
}

/** The words of one lower-cased value that are stored: pieces of at least 2 characters. */
export function wordsOf(value: string): string[] {
  return piecesOf(value).filter((w) => w.length >= 2);
}

/**
 * What the search index stores for a webhook's searchable values (and its provider event id):
 * each whole value lower-cased, and its words, so `jane@example.com` is found by the address and
 * by `jane`, `cus_QhqXyl5V2bQ9dA` by the id, and `#1001` by `#1001` and `1001`.
 */
export function searchLexemes(values: readonly string[]): string[] {
  const lexemes = new Set<string>();
  for (const raw of values) {
    const value = raw.trim().toLowerCase();
    if (value === '') continue;
    lexemes.add(value);
    for (const word of wordsOf(value)) lexemes.add(word);
    if (lexemes.size >= MAX_LEXEMES) break;
  }
  return [...lexemes].slice(0, MAX_LEXEMES);
}
