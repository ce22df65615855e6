// The staff dashboard (003): funnel, new leads, sources, tasks, today's appointments, care stages, journeys.
import '@mantine/charts/styles.css';
import { useQuery } from '@tanstack/react-query';
import { SimpleGrid, Skeleton, Stack } from '@mantine/core';
import { ErrorState } from '../../components/states';
import { localDate } from '../../components/labels';
import { statsKeys, statsService } from './api';
import { BigNumber } from './parts';
import {
  CareStageSection,
  FollowUpsSection,
  FunnelSection,
  JourneysSection,
  NewLeadsSection,
  SourcesSection,
  TodaySection,
} from './Sections';

export default function Dashboard() {
  const today = localDate();
  const stats = useQuery({
    queryKey: statsKeys.day(today),
    queryFn: () => statsService.get({ today }),
    refetchInterval: 60_000,
  });
  if (stats.isLoading)
    return (
      <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} aria-busy="true" aria-label="Loading the dashboard">
        {[0, 1, 2, 3, 4, 5].map((i) => (
          <Skeleton key={i} h={220} />
        ))}
      </SimpleGrid>
    );
  if (stats.isError) return <ErrorState error={stats.error} onRetry={() => stats.refetch()} what="the dashboard" />;
  const s = stats.data!;
  return (
    <Stack gap="md">
      {s.tasks && (
        <SimpleGrid cols={{ base: 2, md: 4 }}>
          <BigNumber label="My tasks due today" value={s.tasks.due_today_mine} to="/app/tasks?view=due_today&mine=1" color="blue" />
          <BigNumber label="My overdue tasks" value={s.tasks.overdue_mine} to="/app/tasks?view=overdue&mine=1" color="red" />
          <BigNumber label="Team due today" value={s.tasks.due_today_total} to="/app/tasks?view=due_today" color="blue" />
          <BigNumber label="Team overdue" value={s.tasks.overdue_total} to="/app/tasks?view=overdue" color="red" />
        </SimpleGrid>
      )}
      <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }}>
        {s.pipeline && <FunnelSection p={s.pipeline} />}
        {s.new_leads_per_week && <NewLeadsSection weeks={s.new_leads_per_week} />}
        {s.acquisition_sources && <SourcesSection sources={s.acquisition_sources} />}
        {s.appointments_today && <TodaySection a={s.appointments_today} />}
        {s.follow_ups_due && <FollowUpsSection f={s.follow_ups_due} />}
        {s.patients_per_care_stage && <CareStageSection stages={s.patients_per_care_stage} />}
        {s.journeys && <JourneysSection j={s.journeys} />}
      </SimpleGrid>
    </Stack>
  );
}
