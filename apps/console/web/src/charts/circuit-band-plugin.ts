import type uPlot from 'uplot';

export const CIRCUIT_COLOURS = ['#d3f2df', '#fde7c0', '#f5b5b2'] as const; // closed, half-open, open

/**
 * Paints series `seriesIdx` (0 closed, 1 half-open, 2 open, null: no sample) as a band of
 * coloured spans under the plot: each bucket coloured from its start to the next bucket.
 */
export function circuitBandPlugin(seriesIdx: number): uPlot.Plugin {
  return {
    hooks: {
      drawClear: (u) => {
        const xs = u.data[0];
        const states = u.data[seriesIdx] ?? [];
        const { ctx } = u;
        const { top, height } = u.bbox;
        ctx.save();
        for (let i = 0; i < xs.length; i += 1) {
          const state = states[i];
          if (state === null || state === undefined) continue;
          const x0 = u.valToPos(xs[i] as number, 'x', true);
          const next = xs[i + 1] ?? (xs[i] as number) + ((xs[i] as number) - ((xs[i - 1] as number | undefined) ?? (xs[i] as number) - 60));
          const x1 = u.valToPos(next, 'x', true);
          ctx.fillStyle = CIRCUIT_COLOURS[state] ?? CIRCUIT_COLOURS[0];
          ctx.fillRect(x0, top, Math.max(1, x1 - x0), height);
        }
        ctx.restore();
      },
    },
  };
}
