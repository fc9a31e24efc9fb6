import type { FastifyReply } from 'fastify';
import { CHART_RANGE_NAMES, type ChartRange } from '@hub/core/health';
import { z } from 'zod';

export const TimeSeriesQuery = z.object({
  range: z
    .enum(CHART_RANGE_NAMES as [ChartRange, ...ChartRange[]])
    .default('1h')
    .meta({ description: '`1h` and `24h`: one point per minute (event_rollups); `7d`: one per hour (event_rollups_hourly)' }),
});
export type TimeSeriesQuery = z.infer<typeof TimeSeriesQuery>;

/** The query, or a 400 HUB_CHART_RANGE_INVALID sent (undefined). */
export function parseTimeSeriesQuery<T extends z.ZodType<TimeSeriesQuery>>(schema: T, query: unknown, reply: FastifyReply): z.infer<T> | undefined {
  const parsed = schema.safeParse(query);
  if (parsed.success) return parsed.data;
  const rangeIssue = parsed.error.issues.some((issue) => issue.path[0] === 'range');
  void reply.code(400).send({ error: rangeIssue ? { code: 'HUB_CHART_RANGE_INVALID', message: `range must be one of ${CHART_RANGE_NAMES.join(', ')}` } : { code: 'HUB_BAD_REQUEST', message: z.prettifyError(parsed.error) } });
  return undefined;
}
