import { piecesOf } from './search-lexemes.js';

/** Words of a search that count; the rest are ignored. */
export const MAX_SEARCH_WORDS = 8;
const MAX_WORD_LENGTH = 200;

export interface ParsedSearch {
  /** A tsquery in PostgreSQL's input syntax (a parameter, cast with ::tsquery): every word must match. */
  tsquery: string;
  /** The words as typed (without a trailing `*`): compared with provider event ids, which are case-sensitive. */
  exact: string[];
}

/** A lexeme quoted for tsquery input: inside quotes, a quote and a backslash are doubled, nothing else is syntax. */
export function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

/**
 * Turns what an operator typed into a tsquery over the lexemes searchLexemes stores. Each
 * whitespace-separated word must match: as a whole stored value, or (when it has several words)
 * by all its words (`example.com` finds `jane@example.com`). A trailing `*` matches by prefix
 * (`cus_Qhq*`). Undefined when nothing searchable was typed.
 */
export function parseSearch(text: string): ParsedSearch | undefined {
  const typed = text.trim().split(/\s+/).filter(Boolean).slice(0, MAX_SEARCH_WORDS);
  const clauses: { text: string; punctuation: boolean }[] = [];
  const exact: string[] = [];
  for (const word of typed) {
    const prefix = word.endsWith('*');
    const bare = (prefix ? word.replace(/\*+$/, '') : word).slice(0, MAX_WORD_LENGTH);
    if (bare === '') continue;
    exact.push(bare);
    const lower = bare.toLowerCase();
    // A one-letter prefix would match most of the index.
    const suffix = prefix && lower.length >= 2 ? ':*' : '';
    const alternatives = [`${quoteLexeme(lower)}${suffix}`];
    // Every piece, however short: a one-character piece is never stored as a word, so a value
    // such as `ada+3@example.org` can then only match whole, not by its other words alone.
    const words = piecesOf(lower);
    if (words.length > 0 && !(words.length === 1 && words[0] === lower)) {
      alternatives.push(`(${words.map((w, i) => `${quoteLexeme(w)}${i === words.length - 1 ? suffix : ''}`).join(' & ')})`);
    }
    clauses.push({ text: alternatives.length === 1 ? alternatives[0]! : `(${alternatives.join(' | ')})`, punctuation: !/[\p{L}\p{N}]/u.test(lower) });
  }
  // A lone `|` or `&` between words is not what anyone searches for, unless it is all that was typed.
  const telling = clauses.some((c) => !c.punctuation) ? clauses.filter((c) => !c.punctuation) : clauses;
  if (telling.length === 0) return undefined;
  return { tsquery: telling.map((c) => c.text).join(' & '), exact };
}
