import type uPlot from 'uplot';

export interface ChartMarkerView {
  /** Seconds since the epoch. */
  t: number;
  kind: 'alert' | 'workflow' | 'canary' | 'credential';
  label: string;
}

export const MARKER_COLOURS: Record<ChartMarkerView['kind'], string> = { alert: '#d0312d', workflow: '#2451a6', canary: '#7b4bd6', credential: '#8a4b00' };

/** Draws each marker as a dashed vertical line across the plot, with a small flag on top. */
export function markersPlugin(markers: readonly ChartMarkerView[]): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const { ctx } = u;
        const { top, height } = u.bbox;
        ctx.save();
        for (const marker of markers) {
          const x = Math.round(u.valToPos(marker.t, 'x', true));
          if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
          ctx.strokeStyle = MARKER_COLOURS[marker.kind];
          ctx.fillStyle = MARKER_COLOURS[marker.kind];
          ctx.lineWidth = 1.5 * devicePixelRatio;
          ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
          ctx.beginPath();
          ctx.moveTo(x, top);
          ctx.lineTo(x, top + height);
          ctx.stroke();
          ctx.setLineDash([]);
          ctx.beginPath();
          ctx.moveTo(x, top);
          ctx.lineTo(x + 6 * devicePixelRatio, top + 4 * devicePixelRatio);
          ctx.lineTo(x, top + 8 * devicePixelRatio);
          ctx.fill();
        }
        ctx.restore();
      },
    },
  };
}
