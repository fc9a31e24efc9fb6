import { compileExpression, evaluate, type Expression, type ExpressionBindings } from './jsonata-expression.js';

/** A notify text: literal parts and `{{ jsonata }}` placeholders. */
export interface TextTemplate {
  render(payload: unknown, bindings: ExpressionBindings): Promise<string>;
  /** The placeholders' sources, for checks such as `$steps` references. */
  expressions: string[];
}

const PLACEHOLDER = /\{\{([\s\S]*?)\}\}/g;

/**
 * Compiles every placeholder; problems (unclosed, empty, invalid JSONata) are pushed, not thrown.
 * `escapeValue` is applied to what each placeholder yields (payload text), never to the literal
 * parts the author wrote.
 */
export function compileTemplate(text: string, problems: string[], escapeValue: (value: string) => string = (value) => value): TextTemplate {
  const parts: (string | Expression)[] = [];
  const expressions: string[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    parts.push(text.slice(last, match.index));
    last = match.index + match[0].length;
    const source = (match[1] ?? '').trim();
    if (!source) {
      problems.push(`has an empty placeholder {{ }} at ${match.index}`);
      continue;
    }
    const compiled = compileExpression(source);
    if (!compiled.ok) problems.push(`placeholder {{ ${source} }} ${compiled.problem}`);
    else {
      parts.push(compiled.expression);
      expressions.push(source);
    }
  }
  const rest = text.slice(last);
  if (rest.includes('{{')) problems.push(`has a "{{" without its closing "}}"`);
  parts.push(rest);
  return {
    expressions,
    async render(payload, bindings) {
      const rendered = await Promise.all(parts.map(async (part) => (typeof part === 'string' ? part : escapeValue(display(await evaluate(part, payload, bindings))))));
      return rendered.join('');
    },
  };
}

/** Strings as they are, nothing for no value, JSON for the rest. */
function display(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
