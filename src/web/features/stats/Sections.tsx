// The dashboard's sections, one per figure of 003's dashboard statistics.
import { BarChart, DonutChart, FunnelChart } from '@mantine/charts';
import { Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { LEAD_STAGE_LABELS, type LeadStage } from '../../../shared/schemas/leads';
import { CARE_STAGES } from '../../../shared/schemas/patients';
import type {
  AppointmentsToday,
  CareStageCount,
  FollowUpsDue,
  JourneyStats,
  PipelineStats,
  SourceCount,
  StatusCount,
  WeekCount,
} from '../../../shared/schemas/stats';
import { fmtDate, fmtMoney, fmtTime, humanize, statusColor } from '../../components/labels';
import { StatusBadge } from '../../components/StatusBadge';
import { FigureList, Panel, pct } from './parts';

const shade = (c: string) => `${c}.6`;
const PALETTE = ['teal.6', 'blue.6', 'violet.6', 'orange.6', 'pink.6', 'cyan.6', 'lime.6', 'grape.6', 'yellow.6', 'gray.6'];

export function FunnelSection({ p }: { p: PipelineStats }) {
  const open = p.stages.filter((s) => s.stage !== 'closed_lost');
  const lost = p.stages.find((s) => s.stage === 'closed_lost');
  const conv = (stage: string) => p.conversion.find((c) => c.from === stage);
  return (
    <Panel
      title="Pipeline funnel"
      action={
        <Text size="xs" c="dimmed">
          Win rate {pct(p.win_rate)} · {p.open_count} open worth {fmtMoney(p.open_value)}
        </Text>
      }
    >
      <Group wrap="nowrap" align="start" gap="md">
        <FunnelChart
          data={open.map((s) => ({
            name: LEAD_STAGE_LABELS[s.stage as LeadStage] ?? s.stage,
            value: Math.max(s.count, 0.0001),
            color: shade(statusColor(s.stage)),
          }))}
          size={150}
          withTooltip
          valueFormatter={(v) => String(Math.round(v))}
          funnelChartProps={{ accessibilityLayer: false }}
          aria-hidden
          style={{ flex: 'none' }}
        />
        <div style={{ flex: 1, minWidth: 0 }}>
          <FigureList
            items={[...open, ...(lost ? [lost] : [])].map((s) => {
              const c = conv(s.stage);
              return {
                label: LEAD_STAGE_LABELS[s.stage as LeadStage] ?? s.stage,
                value: s.count,
                hint: c ? `→ ${pct(c.rate)}` : fmtMoney(s.total_value),
                to: `/app/pipeline?view=table&stage=${s.stage}`,
                color: shade(statusColor(s.stage)),
              };
            })}
          />
        </div>
      </Group>
      <Text size="xs" c="dimmed" mt="xs">
        → the share of leads that reached a stage and went on to the next one.
      </Text>
    </Panel>
  );
}

export function NewLeadsSection({ weeks }: { weeks: WeekCount[] }) {
  const data = weeks.map((w) => ({
    week: new Date(`${w.week_start}T00:00:00`).toLocaleDateString([], { day: 'numeric', month: 'short' }),
    count: w.count,
  }));
  const last = weeks.slice(-4).reverse();
  return (
    <Panel title="New leads per week">
      <BarChart
        h={180}
        data={data}
        dataKey="week"
        series={[{ name: 'count', label: 'New leads', color: 'teal.6' }]}
        tickLine="none"
        gridAxis="y"
        barChartProps={{ accessibilityLayer: false }}
        aria-hidden
      />
      <FigureList
        items={last.map((w) => ({
          label: `Week of ${fmtDate(w.week_start)}`,
          value: w.count,
          to: '/app/pipeline?view=table&sort_by=created_at&sort_order=desc',
        }))}
      />
    </Panel>
  );
}

export function SourcesSection({ sources }: { sources: SourceCount[] }) {
  const data = sources.map((s, i) => ({ name: humanize(s.source || 'unknown'), value: s.count, color: PALETTE[i % PALETTE.length]! }));
  return (
    <Panel title="Acquisition sources">
      {sources.length === 0 ? (
        <Text size="sm" c="dimmed">
          No leads yet: sources appear once leads are created or imported.
        </Text>
      ) : (
        <SimpleGrid cols={2}>
          <div inert style={{ flex: 'none' }}>
            <DonutChart data={data} size={150} thickness={22} withTooltip tooltipDataSource="segment" />
          </div>
          <FigureList
            items={sources.map((s, i) => ({
              label: humanize(s.source || 'unknown'),
              value: s.count,
              color: PALETTE[i % PALETTE.length],
              to: s.source ? `/app/pipeline?view=table&source=${encodeURIComponent(s.source)}` : undefined,
            }))}
          />
        </SimpleGrid>
      )}
    </Panel>
  );
}

export function CareStageSection({ stages: raw }: { stages: CareStageCount[] }) {
  const order = (s: string) => {
    const i = CARE_STAGES.indexOf(s as (typeof CARE_STAGES)[number]);
    return i < 0 ? 99 : i;
  };
  const stages = [...raw].sort((a, b) => order(a.care_stage) - order(b.care_stage));
  return (
    <Panel title="Patients per care stage">
      <BarChart
        h={160}
        data={stages.map((s) => ({ stage: humanize(s.care_stage), count: s.count }))}
        dataKey="stage"
        series={[{ name: 'count', label: 'Patients', color: 'cyan.6' }]}
        tickLine="none"
        gridAxis="y"
        barChartProps={{ accessibilityLayer: false }}
        aria-hidden
      />
      <FigureList
        items={stages.map((s) => ({
          label: humanize(s.care_stage),
          value: s.count,
          to: `/app/patients?care_stage=${s.care_stage}`,
          color: shade(statusColor(s.care_stage)),
        }))}
      />
    </Panel>
  );
}

export function JourneysSection({ j }: { j: JourneyStats }) {
  const block = (title: string, kind: 'ct' | 'eap', rows: StatusCount[]) => (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        {title}
      </Text>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          None yet.
        </Text>
      ) : (
        <FigureList
          items={rows.map((r) => ({
            label: humanize(r.status),
            value: r.count,
            color: shade(statusColor(r.status)),
            to: `/app/journeys?kind=${kind}&status=${r.status}`,
          }))}
        />
      )}
    </Stack>
  );
  return (
    <Panel title="Journeys per status">
      <SimpleGrid cols={2}>
        {block('Clinical trials', 'ct', j.ct)}
        {block('Expanded access', 'eap', j.eap)}
      </SimpleGrid>
    </Panel>
  );
}

export function TodaySection({ a }: { a: AppointmentsToday }) {
  return (
    <Panel
      title={`Today's appointments (${a.total})`}
      action={
        <Text component={Link} to="/app/appointments?view=day" size="xs" c="teal.9">
          Open the day
        </Text>
      }
    >
      {a.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No appointments today.
        </Text>
      ) : (
        <FigureList
          items={a.items.map((x) => ({
            label: `${fmtTime(x.starts_at)} ${x.patient_name}`,
            value: <StatusBadge value={x.status} />,
            to: `/app/appointments?view=day&appt=${x.id}`,
          }))}
        />
      )}
    </Panel>
  );
}

export function FollowUpsSection({ f }: { f: FollowUpsDue }) {
  return (
    <Panel title={`Follow-ups due (${f.count})`}>
      {f.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No follow-ups due.
        </Text>
      ) : (
        <FigureList
          items={f.items.slice(0, 8).map((x) => ({
            label: `${x.person_name ?? 'Someone'} · ${x.type}`,
            value: fmtDate(x.follow_up_date),
            to: x.lead_id ? `/app/pipeline?lead=${x.lead_id}` : x.patient_id ? `/app/patients/${x.patient_id}` : undefined,
          }))}
        />
      )}
      {f.items.length > 8 && (
        <Text size="xs" c="dimmed" mt={4}>
          …and {f.count - 8} more.
        </Text>
      )}
    </Panel>
  );
}
