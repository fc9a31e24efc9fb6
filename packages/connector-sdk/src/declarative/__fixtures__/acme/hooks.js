// A hook module: actions that YAML cannot say (here, two calls chained).
import { z } from 'zod';

export const actions = {
  merge_contacts: {
    description: 'Merge one contact into another, then delete the duplicate',
    input: z.object({ keep: z.string(), drop: z.string() }),
    async run(ctx, input) {
      await ctx.http.request({ method: 'POST', url: `${ctx.baseUrl}/v2/contacts/${encodeURIComponent(input.keep)}/merge`, body: { from: input.drop } });
      return ctx.http.request({ method: 'DELETE', url: `${ctx.baseUrl}/v2/contacts/${encodeURIComponent(input.drop)}` });
    },
  },
};
