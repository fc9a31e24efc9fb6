import { describe, expect, it } from 'vitest';
import { foldDiffs } from './pending-drift.js';
import { shapeJsonPath } from './shape-json-path.js';

describe('foldDiffs', () => {
  it('folds reports oldest first: a retype keeps its first old type, a field added then retyped is added with the new type', () => {
    expect(
      foldDiffs([
        { added: [{ path: 'tier', type: 'string' }], removed: [{ path: 'note', type: 'string' }], retyped: [{ path: 'seq', from: 'number', to: 'string' }] },
        { added: [], removed: [], retyped: [{ path: 'seq', from: 'number|string', to: 'boolean' }, { path: 'tier', from: 'string', to: 'number' }] },
      ]),
    ).toEqual({ added: [{ path: 'tier', type: 'number' }], removed: [{ path: 'note', type: 'string' }], retyped: [{ path: 'seq', from: 'number', to: 'boolean' }] });
  });

  it('a field added and later removed again is no change; one removed and later back is none either', () => {
    expect(
      foldDiffs([
        { added: [{ path: 'x', type: 'string' }], removed: [{ path: 'y', type: 'number' }], retyped: [] },
        { added: [{ path: 'y', type: 'number' }], removed: [{ path: 'x', type: 'string' }], retyped: [] },
      ]),
    ).toEqual({ added: [], removed: [], retyped: [] });
    expect(foldDiffs([{ added: [], removed: [{ path: 'y', type: 'number' }], retyped: [] }, { added: [{ path: 'y', type: 'string' }], removed: [], retyped: [] }])).toEqual({
      added: [],
      removed: [],
      retyped: [{ path: 'y', from: 'number', to: 'string' }],
    });
  });
});

describe('shapeJsonPath', () => {
  it('quotes every key and turns [] into [*]', () => {
    expect(shapeJsonPath('data.object.items[].sku')).toBe('lax $."data"."object"."items"[*]."sku"');
    expect(shapeJsonPath('matrix[][]')).toBe('lax $."matrix"[*][*]');
  });

  it('compares the type after the accessor, so an array is not unwrapped', () => {
    expect(shapeJsonPath('tags', ['array'])).toBe('lax $."tags".type() ? (@ == "array")');
    expect(shapeJsonPath('n', ['number', 'string'])).toBe('lax $."n".type() ? (@ == "number" || @ == "string")');
  });

  it('keeps quotes and backslashes of a field name inside its string literal', () => {
    expect(shapeJsonPath('a"b\\c) || true')).toBe('lax $."a\\"b\\\\c) || true"');
  });
});
