// The patient portal: mobile-first, a calm header and a bottom navigation.
import { Suspense } from 'react';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router';
import { AppShell, Box, Center, Group, Loader, Text, Title, UnstyledButton } from '@mantine/core';
import { useMe } from '../auth';
import { FullPageError, FullPageLoader } from '../components/states';
import { portalAreas } from './areas';

export { preloadPortalPage } from './areas';

export default function PortalApp() {
  const me = useMe();
  const location = useLocation();
  if (me.isLoading) return <FullPageLoader />;
  if (me.isError) return <FullPageError error={me.error} onRetry={() => me.refetch()} />;
  if (!me.data) return <Navigate to={`/portal/login?next=${encodeURIComponent(location.pathname)}`} replace />;
  if (me.data.user.role !== 'patient') return <Navigate to="/app" replace />;
  const nav = portalAreas.filter((a) => a.label);

  return (
    <AppShell header={{ height: 56 }} footer={{ height: 64 }} padding="md" bg="gray.0">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" maw={720} mx="auto">
          <Title order={1} size="h4" c="teal.9">
            My health
          </Title>
          <Text size="sm" c="dimmed">
            {me.data.user.name}
          </Text>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <Box maw={720} mx="auto">
          <Suspense
            fallback={
              <Center py="xl">
                <Loader aria-label="Loading" />
              </Center>
            }
          >
            <Routes>
              {portalAreas.map((a) => (
                <Route key={a.path} path={a.path || undefined} index={!a.path} element={<a.component />} />
              ))}
              <Route path="*" element={<Navigate to="/portal" replace />} />
            </Routes>
          </Suspense>
        </Box>
      </AppShell.Main>
      <AppShell.Footer>
        <Group
          component="nav"
          aria-label="Portal navigation"
          h="100%"
          gap={0}
          justify="space-around"
          align="stretch"
          maw={720}
          mx="auto"
          wrap="nowrap"
        >
          {nav.map((a) => {
            const to = `/portal${a.path ? `/${a.path}` : ''}`;
            const inHub = portalAreas.some((h) => h.hub === a.path && location.pathname.startsWith(`/portal/${h.path}`));
            const active = a.path
              ? location.pathname === to || location.pathname.startsWith(`${to}/`) || inHub
              : location.pathname === '/portal' || location.pathname === '/portal/';
            const Icon = a.icon!;
            return (
              <UnstyledButton
                key={a.path}
                component={Link}
                to={to}
                aria-current={active ? 'page' : undefined}
                style={{
                  flex: 1,
                  // Five equal tabs; a label wider than its fifth (a bold "Medications" at 390 px) takes its width.
                  minWidth: 'max-content',
                  minHeight: 48,
                  display: 'flex',
                  flexDirection: 'column',
                  alignItems: 'center',
                  justifyContent: 'center',
                }}
                c={active ? 'teal.9' : 'gray.7'}
              >
                <Center w={56} h={28} bg={active ? 'teal.0' : undefined} style={{ borderRadius: 14 }}>
                  <Icon size={24} stroke={active ? 2 : 1.7} />
                </Center>
                <Text size="xs" fw={active ? 700 : 500} mt={2}>
                  {a.label}
                </Text>
              </UnstyledButton>
            );
          })}
        </Group>
      </AppShell.Footer>
    </AppShell>
  );
}
