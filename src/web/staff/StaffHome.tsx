import { lazy, Suspense } from 'react';
import { Card, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { can, ROLE_LABELS } from '../../shared/permissions';
import { useMe } from '../auth';
import { staffAreas } from './areas';

// Charts are heavy: only roles that see the dashboard download them.
const Dashboard = lazy(() => import('../features/stats/Dashboard'));

export default function StaffHome() {
  const me = useMe().data!;
  const areas = staffAreas.filter((a) => a.label && a.path && (!a.resource || can(me.user.role, a.resource, a.action ?? 'read')));
  return (
    <Stack>
      <div>
        <Title order={2}>Welcome, {me.user.name}</Title>
        <Text c="dimmed">
          {ROLE_LABELS[me.user.role]} · {me.user.org_name}
        </Text>
      </div>
      {can(me.user.role, 'leads', 'read') && (
        <Suspense fallback={<Skeleton h={220} />}>
          <Dashboard />
        </Suspense>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
        {areas.map((a) => (
          <Card key={a.path} withBorder component={Link} to={`/app/${a.path.replace(/\/\*$/, '')}`} padding="lg">
            <Text fw={600}>{a.label}</Text>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
