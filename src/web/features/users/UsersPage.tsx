import { PortalSignupSwitch } from '../portal-accounts/PortalSignupSwitch';
import { ReleaseSettingsCard } from '../clinic-records/ReleaseSettingsCard';
import { useMemo, useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Group, Menu, Modal, Paper, PasswordInput, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDots, IconUserPlus } from '@tabler/icons-react';
import type { ColumnDef } from '@tanstack/react-table';
import { can, ROLE_LABELS, ROLES, type Role } from '../../../shared/permissions';
import { createUserBody } from '../../../shared/schemas/users';
import { useMe } from '../../auth';
import { DataTable, Pager } from '../../components/DataTable';
import { EmptyState, ErrorState, TableSkeleton } from '../../components/states';
import { useUrlState } from '../../components/useUrlState';
import { useZodForm } from '../../components/useZodForm';
import { invalidateUsers, userKeys, userService, type UpdateUserInput, type UserItem, type UsersListParams } from './api';
import { StaffSettingsModal } from './StaffSettingsModal';

const DEFAULTS: { search?: string; role?: string; page: string; page_size: string } = {
  search: undefined,
  role: undefined,
  page: '1',
  page_size: '50',
};
const roleOptions = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));
/** A role from a URL or a Select, or undefined when it names none. */
const asRole = (v: string | null | undefined): Role | undefined => ROLES.find((r) => r === v);

export default function UsersPage() {
  const me = useMe().data!;
  const canWrite = can(me.user.role, 'users', 'write');
  const [s, set] = useUrlState(DEFAULTS);
  const [opened, modal] = useDisclosure(false);
  const [accessOf, setAccessOf] = useState<UserItem | null>(null);
  const qc = useQueryClient();
  const params: UsersListParams = { search: s.search, role: asRole(s.role), page: Number(s.page), page_size: Number(s.page_size) };
  const users = useQuery({
    queryKey: userKeys.list(params),
    queryFn: () => userService.list(params),
    placeholderData: keepPreviousData,
  });
  const { mutate: updateUser } = useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateUserInput }) => userService.update(id, body),
    onSuccess: (u) => {
      void invalidateUsers(qc);
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
              onChange={(v) => {
                const role = asRole(v);
                if (role && role !== row.original.role) updateUser({ id: row.original.id, body: { role } });
              }}
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
                  <Menu.Item color="red" onClick={() => updateUser({ id: row.original.id, body: { is_active: false } })}>
                    Deactivate
                  </Menu.Item>
                ) : (
                  <Menu.Item onClick={() => updateUser({ id: row.original.id, body: { is_active: true } })}>Reactivate</Menu.Item>
                )}
              </Menu.Dropdown>
            </Menu>
          ) : null,
      },
    ],
    [canWrite, me.user.id, updateUser],
  );

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
      {canWrite && <PortalSignupSwitch />}
      {can(me.user.role, 'clinical_records', 'read') && <ReleaseSettingsCard canWrite={canWrite} />}
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
            onChange={(v) => set({ role: asRole(v) })}
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
            void invalidateUsers(qc);
          }}
        />
      </Modal>
    </Stack>
  );
}

function CreateUserForm({ onDone }: { onDone: () => void }) {
  const create = useMutation({
    mutationFn: userService.create,
    onSuccess: (u) => {
      notifications.show({ color: 'teal', message: u.invited ? `Invitation sent to ${u.email}` : `${u.name} can now sign in` });
      onDone();
    },
  });
  const f = useZodForm({
    initial: { name: '', email: '', role: 'sdr' as Role, password: '' },
    schema: createUserBody,
    // Without a password the server invites the user by email.
    toBody: (v) => ({ name: v.name, email: v.email, role: v.role, ...(v.password ? { password: v.password } : {}) }),
    labels: { name: 'Name', email: 'Email', password: 'Password' },
    serverError: create.error,
  });
  const server = f.serverError;
  return (
    <form onSubmit={f.handleSubmit((body) => create.mutate(body))} noValidate>
      <Stack>
        {server && !server.problem?.errors?.length && (
          <Alert color="red" role="alert">
            {server.message}
          </Alert>
        )}
        <TextInput label="Name" required {...f.text('name')} data-autofocus />
        <TextInput label="Email" type="email" required {...f.text('email')} />
        <Select
          label="Role"
          data={roleOptions}
          value={f.values.role}
          onChange={(r) => {
            const role = asRole(r);
            if (role) f.set('role', role);
          }}
          allowDeselect={false}
        />
        <PasswordInput label="Initial password" description="Leave empty to send an invitation email instead" {...f.text('password')} />
        <Group justify="flex-end">
          <Button type="submit" loading={create.isPending}>
            {f.values.password ? 'Create user' : 'Send invitation'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
