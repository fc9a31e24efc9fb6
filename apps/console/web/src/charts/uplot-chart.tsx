import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/**
 * One uPlot chart sized to its container. The chart is built again when `options` change (a
 * new range, other series) and only fed new data otherwise (a live update keeps the cursor).
 */
export function UPlotChart({ options, data, testId }: { options: Omit<uPlot.Options, 'width'>; data: uPlot.AlignedData; testId?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);
  const latest = useRef(data);
  latest.current = data;

  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const u = new uPlot({ ...options, width: Math.max(200, el.clientWidth) }, latest.current, el);
    plot.current = u;
    const resize = new ResizeObserver(() => {
      if (el.clientWidth > 0 && Math.abs(el.clientWidth - u.width) > 1) u.setSize({ width: el.clientWidth, height: options.height });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = undefined;
    };
  }, [options]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  return <div className="chart" ref={box} data-testid={testId} />;
}
