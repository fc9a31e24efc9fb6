/** A tiny inline chart of per-minute counts (oldest first): received as a line, errors as red bars. */
export function Sparkline({ received, errors, width = 160, height = 32 }: { received: number[]; errors: number[]; width?: number; height?: number }) {
  const n = Math.max(received.length, errors.length, 2);
  const max = Math.max(1, ...received, ...errors);
  const x = (i: number) => (i * width) / (n - 1);
  const y = (v: number) => height - 1 - (v / max) * (height - 2);
  const line = received.map((v, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const barWidth = Math.max(1, width / n - 1);
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`last ${n} minutes: ${received.reduce((a, b) => a + b, 0)} received, ${errors.reduce((a, b) => a + b, 0)} errors`}>
      {errors.map((v, i) => (v > 0 ? <rect key={i} x={x(i) - barWidth / 2} y={y(v)} width={barWidth} height={height - y(v)} className="spark-errors" /> : null))}
      <path d={line} className="spark-received" fill="none" />
    </svg>
  );
}
