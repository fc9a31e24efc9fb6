import { parse, stringify } from 'yaml';
import type { WorkflowDocument } from './workflow-types';

export type DocumentFormat = 'json' | 'yaml';

/** A document as the file `hub workflows apply` takes: pretty JSON, or YAML. */
export function documentText(document: WorkflowDocument, format: DocumentFormat): string {
  return format === 'json' ? `${JSON.stringify(document, null, 2)}\n` : stringify(document);
}

export type ParsedText = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * Pasted or uploaded text: JSON when it starts with `{`, else YAML (which is also what JSON with
 * comments or trailing commas fails as). Only the syntax is checked here; the API validates the document.
 */
export function parseDocumentText(text: string): ParsedText {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'nothing to import: paste a workflow document or choose a file' };
  try {
    const value: unknown = trimmed.startsWith('{') ? JSON.parse(trimmed) : parse(trimmed);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, message: 'a workflow document is an object (name, trigger, nodes and edges, or steps)' };
    return { ok: true, value };
  } catch (err) {
    return { ok: false, message: `${trimmed.startsWith('{') ? 'JSON' : 'YAML'}: ${(err as Error).message}` };
  }
}
