// One series over time as a small SVG (as the vitals chart, no chart library: it stays light): a lab
// test's results with the reference range shaded, or a symptom's severity. The y-axis comes from the
// API (it fits the data, never forced to zero); points outside the range are drawn in red.
import { Group, Text } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { niceTicks } from '../../features/portal-vitals/chart-scale';
import { CHART_COLORS } from '../vitals/TrendChart';
import { axisDateLabel } from '../../intl';

const HEIGHT = 220;
const M = { top: 12, right: 14, bottom: 28, left: 48 };
const DAY = 86_400_000;
const OUT = '#c92a2a';

export type SeriesPoint = { id: string; at: string; value: number; out?: boolean };

const dateLabel = axisDateLabel;

export function SeriesChart({
  points,
  yAxis,
  band,
  summary,
  seriesLabel,
  format,
  testId,
}: {
  points: SeriesPoint[];
  yAxis: { min: number; max: number };
  /** The usual range (either end may be open). */
  band?: { low: number | null; high: number | null } | null;
  /** What a screen reader hears instead of the picture. */
  summary: string;
  seriesLabel: string;
  format: (v: number) => string;
  testId: string;
}) {
  const { ref, width: measured } = useElementSize();
  const width = Math.max(measured || 320, 200);
  const times = points.map((p) => Date.parse(p.at));
  let t0 = Math.min(...times);
  let t1 = Math.max(...times);
  if (t1 - t0 < DAY) {
    t0 -= DAY / 2;
    t1 += DAY / 2;
  }
  const plotW = width - M.left - M.right;
  const plotH = HEIGHT - M.top - M.bottom;
  const span = yAxis.max - yAxis.min || 1;
  const x = (t: number) => M.left + ((t - t0) / (t1 - t0)) * plotW;
  const y = (v: number) => M.top + (1 - (v - yAxis.min) / span) * plotH;
  const clampY = (v: number) => y(Math.min(yAxis.max, Math.max(yAxis.min, v)));
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${x(times[i]!).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const long = t1 - t0 > 300 * DAY;
  const hasBand = band && (band.low !== null || band.high !== null);
  const bandTop = hasBand ? clampY(band.high ?? yAxis.max) : 0;
  const bandBottom = hasBand ? clampY(band.low ?? yAxis.min) : 0;

  return (
    <div ref={ref} style={{ width: '100%' }}>
      <svg
        width={width}
        height={HEIGHT}
        role="img"
        aria-label={summary}
        data-testid={testId}
        style={{ display: 'block', maxWidth: '100%' }}
      >
        {hasBand && <rect x={M.left} width={plotW} y={bandTop} height={Math.max(0, bandBottom - bandTop)} fill={CHART_COLORS.band} />}
        {niceTicks(yAxis.min, yAxis.max).map((t) => (
          <g key={t}>
            <line x1={M.left} x2={width - M.right} y1={y(t)} y2={y(t)} stroke="#dee2e6" strokeWidth={1} />
            <text x={M.left - 6} y={y(t)} dy="0.32em" textAnchor="end" fontSize={11} fill="#5c636a">
              {format(t)}
            </text>
          </g>
        ))}
        <text x={M.left} y={HEIGHT - 8} fontSize={11} fill="#5c636a">
          {dateLabel(t0 + (t1 - t0 < 2 * DAY ? (t1 - t0) / 2 : 0), long)}
        </text>
        {t1 - t0 >= 2 * DAY && (
          <text x={width - M.right} y={HEIGHT - 8} fontSize={11} fill="#5c636a" textAnchor="end">
            {dateLabel(t1, long)}
          </text>
        )}
        <path d={path} fill="none" stroke={CHART_COLORS.value} strokeWidth={2} strokeLinejoin="round" />
        {points.length <= 200 &&
          points.map((p, i) => <circle key={p.id} cx={x(times[i]!)} cy={y(p.value)} r={4} fill={p.out ? OUT : CHART_COLORS.value} />)}
      </svg>
      <Group gap="md" mt={4} aria-hidden="true">
        <Legend color={CHART_COLORS.value} label={seriesLabel} />
        {hasBand && <Legend color={CHART_COLORS.band} label="Reference range" square />}
        {points.some((p) => p.out) && <Legend color={OUT} label="Outside the range" square />}
      </Group>
    </div>
  );
}

function Legend({ color, label, square }: { color: string; label: string; square?: boolean }) {
  return (
    <Group gap={6} wrap="nowrap">
      <span style={{ display: 'inline-block', width: square ? 12 : 16, height: square ? 12 : 3, background: color, borderRadius: 2 }} />
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </Group>
  );
}
