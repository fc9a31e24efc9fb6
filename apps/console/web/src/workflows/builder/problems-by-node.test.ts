import { describe, expect, it } from 'vitest';
import { placeProblems } from './problems-by-node';

describe('problems of a refused workflow on the canvas', () => {
  it('puts node problems on their node, edge problems in the banner and on the edge’s source, the rest in the banner', () => {
    const placed = placeProblems(
      [
        { node: 'salesforce', problem: 'nodes[1] "salesforce": required input lastName is not mapped' },
        { node: 'trigger', problem: 'trigger: unknown event' },
        { edge: 1, problem: 'edges[1] (big -> slack): big has no branch "maybe"' },
        { problem: 'name: lower-case letters, digits and dashes' },
      ],
      [{ source: 'trigger' }, { source: 'big' }],
    );
    expect(placed.byNode).toEqual({
      salesforce: ['nodes[1] "salesforce": required input lastName is not mapped'],
      trigger: ['trigger: unknown event'],
      big: ['edges[1] (big -> slack): big has no branch "maybe"'],
    });
    expect(placed.general).toEqual(['edges[1] (big -> slack): big has no branch "maybe"', 'name: lower-case letters, digits and dashes']);
  });
});
