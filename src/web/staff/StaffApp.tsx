// The staff app: left navigation, top bar with the user menu, the page.
import { Suspense } from 'react';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router';
import {
  AppShell,
  Avatar,
  Burger,
  Group,
  Loader,
  Menu,
  NavLink,
  ScrollArea,
  Text,
  Title,
  UnstyledButton,
  Center,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconLogout } from '@tabler/icons-react';
import { can, ROLE_LABELS } from '../../shared/permissions';
import { useMe, useSignOut } from '../auth';
import { FullPageError, FullPageLoader } from '../components/states';
import { staffAreas } from './areas';
import { useRealtime } from '../realtime';

export default function StaffApp() {
  const me = useMe();
  const signOut = useSignOut();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  useRealtime(!!me.data && me.data.user.role !== 'patient');

  if (me.isLoading) return <FullPageLoader />;
  if (me.isError) return <FullPageError error={me.error} onRetry={() => me.refetch()} />;
  if (!me.data) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  const { user } = me.data;
  if (user.role === 'patient') return <Navigate to="/portal" replace />;

  const allowed = staffAreas.filter((a) => !a.resource || can(user.role, a.resource, a.action ?? 'read'));
  const nav = (group: 'main' | 'admin') => allowed.filter((a) => a.label && a.group === group);
  const link = (a: (typeof staffAreas)[number]) => {
    const to = `/app${a.path ? `/${a.path.replace(/\/\*$/, '')}` : ''}`;
    const active = a.path ? location.pathname.startsWith(to) : location.pathname === '/app' || location.pathname === '/app/';
    const Icon = a.icon;
    return (
      <NavLink
        key={a.path}
        component={Link}
        to={to}
        label={a.label}
        active={active}
        onClick={close}
        leftSection={Icon ? <Icon size={18} stroke={1.6} /> : null}
      />
    );
  };

  return (
    <AppShell header={{ height: 52 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Title order={1} size="h4" c="teal.9">
              HealthCRM
            </Title>
            <Text size="sm" c="dimmed" visibleFrom="sm">
              {user.org_name}
            </Text>
          </Group>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <UnstyledButton>
                <Group gap={8}>
                  <Avatar size={30} radius="xl" color="teal">
                    {user.name.slice(0, 1)}
                  </Avatar>
                  <div style={{ lineHeight: 1.1 }}>
                    <Text size="sm" fw={500}>
                      {user.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {ROLE_LABELS[user.role]}
                    </Text>
                  </div>
                  <IconChevronDown size={14} aria-hidden />
                  <VisuallyHidden>User menu</VisuallyHidden>
                </Group>
              </UnstyledButton>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>{user.email}</Menu.Label>
              <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => signOut('staff')}>
                Sign out
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        <ScrollArea>
          {nav('main').map(link)}
          {nav('admin').length > 0 && (
            <Text size="xs" c="dimmed" fw={600} tt="uppercase" mt="md" mb={4} px="sm">
              Administration
            </Text>
          )}
          {nav('admin').map(link)}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense
          fallback={
            <Center py="xl">
              <Loader aria-label="Loading" />
            </Center>
          }
        >
          <Routes>
            {allowed.map((a) => (
              <Route key={a.path} path={a.path || undefined} index={!a.path} element={<a.component />} />
            ))}
            <Route path="*" element={<NotAllowed />} />
          </Routes>
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}

function NotAllowed() {
  return (
    <Center py="xl">
      <Text c="dimmed">This page does not exist or your role cannot open it.</Text>
    </Center>
  );
}
