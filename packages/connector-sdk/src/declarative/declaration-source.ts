import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { ConnectorDeclarationError, type DeclarationIssue } from '../errors.js';
import { formatFieldPath, type FieldPath } from './field-path.js';

type Positioned = { range?: [number, number, number] | null | undefined };

/**
 * A parsed connector.yaml that keeps its node ranges, so any problem found later (by zod, in a
 * referenced file, in a JSONata expression) can be reported at `file:line:col` of the field.
 */
export class DeclarationSource {
  private constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** Throws ConnectorDeclarationError naming the line and column of the first YAML syntax error. */
  static parse(text: string, file: string): DeclarationSource {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) {
      // Only the first: the errors after a syntax error are mostly its echoes.
      const [first] = doc.errors;
      const { line, col } = lines.linePos(first!.pos[0]);
      throw new ConnectorDeclarationError([{ file, line, column: col, path: '', message: `YAML syntax error (${first!.code}): ${first!.message.split('\n')[0]}` }]);
    }
    return new DeclarationSource(file, doc, lines);
  }

  /** The plain value (what zod validates). */
  value(): unknown {
    return this.doc.toJS({ maxAliasCount: 100 });
  }

  /**
   * A problem at `path`: located at the key of the deepest part of the path that exists in the file
   * (a missing field is reported at its parent's key), or at the start of the document.
   */
  issue(path: FieldPath, message: string): DeclarationIssue {
    const { line, col } = this.lines.linePos(this.offsetOf(path));
    return { file: this.file, line, column: col, path: formatFieldPath(path), message };
  }

  private offsetOf(path: FieldPath): number {
    let node: unknown = this.doc.contents;
    let anchor: Positioned | null | undefined = this.doc.contents;
    for (const segment of path) {
      if (isAlias(node)) node = node.resolve(this.doc);
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
        if (pair === undefined) break;
        anchor = pair.key as Positioned;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment] as Node | undefined;
        if (item === undefined) break;
        anchor = item as Positioned;
        node = item;
      } else break;
    }
    return anchor?.range?.[0] ?? 0;
  }
}
