import { useMemo, useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Group, Menu, Modal, Paper, PasswordInput, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDots, IconUserPlus } from '@tabler/icons-react';
import type { ColumnDef } from '@tanstack/react-table';
import { can, ROLE_LABELS, ROLES, type Role } from '../../../shared/permissions';
import { createUserBody, type UserItem } from '../../../shared/schemas/users';
import { api, ApiError } from '../../api/client';
import { useMe } from '../../auth';
import { DataTable, Pager } from '../../components/DataTable';
import { EmptyState, ErrorState, TableSkeleton } from '../../components/states';
import { useUrlState } from '../../components/useUrlState';
import { StaffSettingsModal } from './StaffSettingsModal';

type Page = { items: UserItem[]; total_count: number };
const DEFAULTS = { search: undefined, role: undefined, page: '1', page_size: '50' } as Record<string, string | undefined>;
const roleOptions = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

export default function UsersPage() {
  const me = useMe().data!;
  const canWrite = can(me.user.role, 'users', 'write');
  const [s, set] = useUrlState(DEFAULTS);
  const [opened, modal] = useDisclosure(false);
  const [accessOf, setAccessOf] = useState<UserItem | null>(null);
  const qc = useQueryClient();
  const users = useQuery({
    queryKey: ['users', s],
    queryFn: () => api.get<Page>('/api/users', s as Record<string, string>),
    placeholderData: keepPreviousData,
  });
  const update = useMutation({
    mutationFn: ({ id, body }: { id: string; body: Record<string, unknown> }) => api.patch<UserItem>(`/api/users/${id}`, body),
    onSuccess: (u) => {
      qc.invalidateQueries({ queryKey: ['users'] });
      notifications.show({ color: 'teal', message: `${u.name} updated` });
    },
    onError: (err) => notifications.show({ color: 'red', message: err instanceof Error ? err.message : 'Update failed' }),
  });

  const columns = useMemo<ColumnDef<UserItem, unknown>[]>(
    () => [
      {
        id: 'name',
        header: 'Name',
        cell: ({ row }) => (
          <Text size="sm" fw={500}>
            {row.original.name}
          </Text>
        ),
      },
      { id: 'email', header: 'Email', cell: ({ row }) => row.original.email },
      {
        id: 'role',
        header: 'Role',
        cell: ({ row }) =>
          canWrite && row.original.id !== me.user.id ? (
            <Select
              aria-label={`Role of ${row.original.name}`}
              size="xs"
              w={160}
              data={
                row.original.role === 'patient'
                  ? roleOptions.filter((o) => o.value === 'patient')
                  : roleOptions.filter((o) => o.value !== 'patient')
              }
              value={row.original.role}
              allowDeselect={false}
              onChange={(v) => v && v !== row.original.role && update.mutate({ id: row.original.id, body: { role: v } })}
            />
          ) : (
            ROLE_LABELS[row.original.role]
          ),
      },
      {
        id: 'status',
        header: 'Status',
        cell: ({ row }) =>
          row.original.is_active ? (
            row.original.invited ? (
              <Badge color="yellow" variant="light">
                Invited
              </Badge>
            ) : (
              <Badge color="teal" variant="light">
                Active
              </Badge>
            )
          ) : (
            <Badge color="gray">Deactivated</Badge>
          ),
      },
      {
        id: 'last_login_at',
        header: 'Last sign-in',
        cell: ({ row }) => (row.original.last_login_at ? new Date(row.original.last_login_at).toLocaleString() : '—'),
      },
      {
        id: 'actions',
        header: '',
        cell: ({ row }) =>
          canWrite && row.original.id !== me.user.id ? (
            <Menu withinPortal position="bottom-end">
              <Menu.Target>
                <Button size="compact-sm" variant="subtle" aria-label={`Actions for ${row.original.name}`}>
                  <IconDots size={16} />
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {(row.original.role === 'health_coach' || row.original.role === 'liaison') && (
                  <Menu.Item onClick={() => setAccessOf(row.original)}>What they can see…</Menu.Item>
                )}
                {row.original.is_active ? (
                  <Menu.Item color="red" onClick={() => update.mutate({ id: row.original.id, body: { is_active: false } })}>
                    Deactivate
                  </Menu.Item>
                ) : (
                  <Menu.Item onClick={() => update.mutate({ id: row.original.id, body: { is_active: true } })}>Reactivate</Menu.Item>
                )}
              </Menu.Dropdown>
            </Menu>
          ) : null,
      },
    ],
    [canWrite, me.user.id],
  ); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Users</Title>
        {canWrite && (
          <Button leftSection={<IconUserPlus size={16} />} onClick={modal.open}>
            Add user
          </Button>
        )}
      </Group>
      <Paper withBorder p="sm">
        <Group>
          <TextInput
            label="Search"
            placeholder="Name or email"
            value={s.search ?? ''}
            onChange={(e) => set({ search: e.currentTarget.value || undefined })}
            w={260}
          />
          <Select
            label="Role"
            placeholder="Any role"
            clearable
            data={roleOptions}
            value={s.role ?? null}
            onChange={(v) => set({ role: v ?? undefined })}
            w={200}
          />
        </Group>
      </Paper>
      <Paper withBorder p="sm">
        {users.isLoading ? (
          <TableSkeleton />
        ) : users.isError ? (
          <ErrorState error={users.error} onRetry={() => users.refetch()} what="users" />
        ) : users.data!.items.length === 0 ? (
          <EmptyState title="No users match">Clear the search or role filter.</EmptyState>
        ) : (
          <>
            <DataTable caption="Users" data={users.data!.items} columns={columns} rowKey={(u) => u.id} />
            <Pager
              page={Number(s.page)}
              pageSize={Number(s.page_size)}
              total={users.data!.total_count}
              onPage={(p) => set({ page: String(p) }, { resetPage: false })}
            />
          </>
        )}
      </Paper>
      <StaffSettingsModal user={accessOf} onClose={() => setAccessOf(null)} />
      <Modal opened={opened} onClose={modal.close} title="Add a user">
        <CreateUserForm
          onDone={() => {
            modal.close();
            qc.invalidateQueries({ queryKey: ['users'] });
          }}
        />
      </Modal>
    </Stack>
  );
}

function CreateUserForm({ onDone }: { onDone: () => void }) {
  const [v, setV] = useState({ name: '', email: '', role: 'sdr' as Role, password: '' });
  const [submitted, setSubmitted] = useState(false);
  const create = useMutation({
    mutationFn: () =>
      api.post<UserItem>('/api/users', { name: v.name, email: v.email, role: v.role, ...(v.password ? { password: v.password } : {}) }),
    onSuccess: (u) => {
      notifications.show({ color: 'teal', message: u.invited ? `Invitation sent to ${u.email}` : `${u.name} can now sign in` });
      onDone();
    },
  });
  const parsed = createUserBody.safeParse({ name: v.name, email: v.email, role: v.role, ...(v.password ? { password: v.password } : {}) });
  const errs: Record<string, string> = {};
  if (!parsed.success) for (const i of parsed.error.issues) errs[String(i.path[0])] ??= i.message;
  const server = create.error instanceof ApiError ? create.error : null;
  const err = (k: string, label: string) =>
    submitted && errs[k] ? `${label} ${errs[k]}` : server?.fieldError(k) ? `${label} ${server.fieldError(k)}` : undefined;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        setSubmitted(true);
        if (parsed.success) create.mutate();
      }}
      noValidate
    >
      <Stack>
        {server && !server.problem?.errors?.length && (
          <Alert color="red" role="alert">
            {server.message}
          </Alert>
        )}
        <TextInput
          label="Name"
          required
          value={v.name}
          onChange={(e) => setV({ ...v, name: e.currentTarget.value })}
          error={err('name', 'Name')}
          data-autofocus
        />
        <TextInput
          label="Email"
          type="email"
          required
          value={v.email}
          onChange={(e) => setV({ ...v, email: e.currentTarget.value })}
          error={err('email', 'Email')}
        />
        <Select
          label="Role"
          data={roleOptions}
          value={v.role}
          onChange={(r) => r && setV({ ...v, role: r as Role })}
          allowDeselect={false}
        />
        <PasswordInput
          label="Initial password"
          description="Leave empty to send an invitation email instead"
          value={v.password}
          onChange={(e) => setV({ ...v, password: e.currentTarget.value })}
          error={err('password', 'Password')}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={create.isPending}>
            {v.password ? 'Create user' : 'Send invitation'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
