import type pg from 'pg';

/** A node of an `EXPLAIN (FORMAT JSON)` plan, with the fields the plan tests read. */
export interface PlanNode {
  'Node Type': string;
  'Parent Relationship'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Output?: string[];
  Plans?: PlanNode[];
}

/** The node and every node under it, depth first. */
export function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}

/** The root of `EXPLAIN (FORMAT JSON, <options>) <sql>` (options such as `ANALYZE`, `VERBOSE`). */
export async function explainJson(db: Pick<pg.PoolClient, 'query'>, options: string, sql: string, values: unknown[] = []): Promise<PlanNode> {
  const { rows } = await db.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON${options ? `, ${options}` : ''}) ${sql}`, values);
  const plan = rows[0]?.['QUERY PLAN'][0].Plan;
  if (!plan) throw new Error('EXPLAIN returned no plan');
  return plan;
}
