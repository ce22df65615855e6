// The monthly activity chart of a relationship (Mantine charts; loaded only when the Overview tab shows it).
import { BarChart } from '@mantine/charts';
import '@mantine/charts/styles.css';
import type { MetricsResponse } from './api';

export default function ActivityChart({ monthly }: { monthly: MetricsResponse['monthly'] }) {
  const data = monthly.map((m) => ({
    month: new Date(`${m.month.slice(0, 7)}-15`).toLocaleDateString(undefined, { month: 'short' }),
    Meetings: m.meetings_count,
    Calls: m.calls_count,
    Emails: m.emails_count,
    Other: m.other_count,
  }));
  return (
    <BarChart
      h={150}
      data={data}
      dataKey="month"
      type="stacked"
      withLegend
      legendProps={{ verticalAlign: 'bottom', height: 24 }}
      tickLine="none"
      gridAxis="y"
      series={[
        { name: 'Meetings', color: 'teal.6' },
        { name: 'Calls', color: 'blue.5' },
        { name: 'Emails', color: 'grape.4' },
        { name: 'Other', color: 'gray.5' },
      ]}
      yAxisProps={{ width: 24, allowDecimals: false }}
    />
  );
}
