export { searchLexemes, wordsOf, MAX_LEXEMES } from './search-lexemes.js';
export { parseSearch, quoteLexeme, MAX_SEARCH_WORDS, type ParsedSearch } from './search-query.js';
export { insertSearchRows, searchRowsWrite, type SearchEntry } from './search-index-writer.js';
export { ID_CLOCK_SLACK_MS, uuidv7Floor } from './id-time-bound.js';
export { listWebhooks, MAX_SEARCH_CANDIDATES, type WebhookFilters, type WebhookListItem, type WebhookPage, type WebhookPageRequest } from './webhook-list.js';
export { webhookSearchEntry } from './webhook-search-entry.js';
