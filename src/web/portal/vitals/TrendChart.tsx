// A trend of one measure as a small SVG of our own (no chart library: recharts would add ~120 KB gzip to
// the page): the points over time, the usual range shaded, a y-axis that fits the data (from the API's
// `y_axis`, never from zero) and, for blood pressure, the top and bottom numbers as two lines.
import { memo } from 'react';
import { Group, Text } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import type { VitalChart } from '../../features/portal-vitals/api';
import { niceTicks } from '../../features/portal-vitals/chart-scale';
import { formatNumber, MEASURE_NOUNS, unitLabel } from '../../features/portal-vitals/format';
import { MEASURE_SPECS } from '../../../shared/units';
import { axisDateLabel, dateFormat } from '../../intl';

const HEIGHT = 220;
const M = { top: 12, right: 12, bottom: 28, left: 44 };
const DAY = 86_400_000;
export const CHART_COLORS = { value: '#087f5b', value2: '#364fc7', band: 'rgba(12, 166, 120, 0.14)', band2: 'rgba(76, 110, 245, 0.12)' };

// Also used by other charts of the portal (lab results): the scale lives in chart-scale.ts.
export { niceTicks };

const dateLabel = axisDateLabel;

// Memoized: the page re-renders whenever one of its queries answers; this part only when its own data changes.
export const TrendChart = memo(function TrendChartView({ chart }: { chart: VitalChart }) {
  const { ref, width: measured } = useElementSize();
  const width = Math.max(measured || 320, 200);
  const { points, y_axis: axis, normal_band: band, unit, measure } = chart;
  const bp = measure === 'blood_pressure';
  const times = points.map((p) => Date.parse(p.measured_at));
  let t0 = Math.min(...times);
  let t1 = Math.max(...times);
  if (t1 - t0 < DAY) {
    t0 -= DAY / 2;
    t1 += DAY / 2;
  }
  const plotW = width - M.left - M.right;
  const plotH = HEIGHT - M.top - M.bottom;
  const x = (t: number) => M.left + ((t - t0) / (t1 - t0)) * plotW;
  const y = (v: number) => M.top + (1 - (v - axis.min) / (axis.max - axis.min)) * plotH;
  const clampY = (v: number) => y(Math.min(axis.max, Math.max(axis.min, v)));
  const line = (vals: (number | null)[]) =>
    vals
      .map((v, i) => (v === null ? null : `${x(times[i]!).toFixed(1)},${y(v).toFixed(1)}`))
      .filter(Boolean)
      .map((p, i) => `${i ? 'L' : 'M'}${p}`)
      .join(' ');
  const ticks = niceTicks(axis.min, axis.max);
  const long = t1 - t0 > 300 * DAY;
  const showDots = points.length <= 60;
  const fmt = (v: number) => formatNumber(measure, unit, v);
  const u = unitLabel(unit);
  const last = points[points.length - 1];
  const summary =
    `Chart of your ${MEASURE_NOUNS[measure]}: ${points.length} reading${points.length === 1 ? '' : 's'} ` +
    `from ${dateFormat().format(times[0]!)} to ${dateFormat().format(times[times.length - 1]!)}` +
    (last ? `, latest ${fmt(last.value)}${last.value2 !== null ? `/${fmt(last.value2)}` : ''} ${u}` : '') +
    (band
      ? `. Usual range ${fmt(band.value.low)} to ${fmt(band.value.high)}${band.value2 ? ` over ${fmt(band.value2.low)} to ${fmt(band.value2.high)}` : ''} ${u}.`
      : '.');

  return (
    <div ref={ref} style={{ width: '100%' }}>
      <svg
        width={width}
        height={HEIGHT}
        role="img"
        aria-label={summary}
        data-testid="vital-chart"
        style={{ display: 'block', maxWidth: '100%' }}
      >
        {band && (
          <rect
            x={M.left}
            width={plotW}
            y={clampY(band.value.high)}
            height={Math.max(0, clampY(band.value.low) - clampY(band.value.high))}
            fill={CHART_COLORS.band}
          />
        )}
        {band?.value2 && (
          <rect
            x={M.left}
            width={plotW}
            y={clampY(band.value2.high)}
            height={Math.max(0, clampY(band.value2.low) - clampY(band.value2.high))}
            fill={CHART_COLORS.band2}
          />
        )}
        {ticks.map((t) => (
          <g key={t}>
            <line x1={M.left} x2={width - M.right} y1={y(t)} y2={y(t)} stroke="#dee2e6" strokeWidth={1} />
            <text x={M.left - 6} y={y(t)} dy="0.32em" textAnchor="end" fontSize={11} fill="#5c636a">
              {fmt(t)}
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
        <path d={line(points.map((p) => p.value))} fill="none" stroke={CHART_COLORS.value} strokeWidth={2} strokeLinejoin="round" />
        {bp && (
          <path d={line(points.map((p) => p.value2))} fill="none" stroke={CHART_COLORS.value2} strokeWidth={2} strokeLinejoin="round" />
        )}
        {showDots &&
          points.map((p, i) => (
            <g key={p.id}>
              <circle cx={x(times[i]!)} cy={y(p.value)} r={3.5} fill={CHART_COLORS.value} />
              {p.value2 !== null && <circle cx={x(times[i]!)} cy={y(p.value2)} r={3.5} fill={CHART_COLORS.value2} />}
            </g>
          ))}
      </svg>
      <Group gap="md" mt={4} aria-hidden="true">
        <Legend color={CHART_COLORS.value} label={bp ? 'Top number' : MEASURE_SPECS[measure].label} />
        {bp && <Legend color={CHART_COLORS.value2} label="Bottom number" />}
        {band && <Legend color={CHART_COLORS.band} label="Usual range" square />}
      </Group>
      {chart.truncated && (
        <Text size="xs" c="dimmed" mt={4}>
          Showing your newest 2,000 readings.
        </Text>
      )}
    </div>
  );
});

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
