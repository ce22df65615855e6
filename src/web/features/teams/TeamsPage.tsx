// Teams (admin area): the teams of the organization with their manager and members. Admins create,
// rename, change the manager, edit the members and delete; managers see the list.
import { useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Badge,
  Button,
  Group,
  Modal,
  MultiSelect,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { can, ROLE_LABELS, type Role } from '../../../shared/permissions';
import { createTeamBody } from '../../../shared/schemas/teams';
import { ApiError } from '../../api/client';
import { useMe } from '../../auth';
import { EmptyState, ErrorState, FormError, errorMessage } from '../../components/states';
import { invalidateTeams, teamKeys, teamService, type TeamItem, type TeamUser } from './api';

const roleLabel = (r: string) => ROLE_LABELS[r as Role] ?? r;

export default function TeamsPage() {
  const me = useMe().data!;
  const canWrite = can(me.user.role, 'users', 'write');
  const teams = useQuery({ queryKey: teamKeys.list(), queryFn: teamService.list });
  const [editing, setEditing] = useState<TeamItem | 'new' | null>(null);
  const [deleting, setDeleting] = useState<TeamItem | null>(null);

  return (
    <Stack maw={1100}>
      <Group justify="space-between">
        <Title order={2}>Teams</Title>
        {canWrite && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
            New team
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        A manager and members. Managers and liaisons with the team grant see the records owned by the members of their teams; an
        organization without teams is one team.
      </Text>
      {teams.isLoading ? (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} aria-busy="true" aria-label="Loading">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} h={140} radius="md" />
          ))}
        </SimpleGrid>
      ) : teams.isError ? (
        <ErrorState error={teams.error} onRetry={() => teams.refetch()} what="teams" />
      ) : teams.data!.items.length === 0 ? (
        <Paper withBorder p="md">
          <EmptyState
            title="No teams yet"
            action={
              canWrite ? (
                <Button variant="light" onClick={() => setEditing('new')}>
                  Create the first team
                </Button>
              ) : undefined
            }
          >
            Until there is a team, the whole organization counts as one team.
          </EmptyState>
        </Paper>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {teams.data!.items.map((t) => (
            <Paper key={t.id} withBorder p="md" radius="md" component="section" aria-label={`Team ${t.name}`}>
              <Stack gap="xs">
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Title order={3} size="h4" style={{ wordBreak: 'break-word' }}>
                    {t.name}
                  </Title>
                  {canWrite && (
                    <Group gap={4} wrap="nowrap">
                      <Button size="compact-sm" variant="subtle" aria-label={`Edit ${t.name}`} onClick={() => setEditing(t)}>
                        <IconPencil size={16} />
                      </Button>
                      <Button size="compact-sm" variant="subtle" color="red" aria-label={`Delete ${t.name}`} onClick={() => setDeleting(t)}>
                        <IconTrash size={16} />
                      </Button>
                    </Group>
                  )}
                </Group>
                <Text size="sm">
                  <Text span c="dimmed">
                    Manager:{' '}
                  </Text>
                  {t.manager ? t.manager.name : 'none'}
                  {t.manager && !t.manager.is_active ? ' (deactivated)' : ''}
                </Text>
                <Text size="sm" c="dimmed">
                  {t.members.length === 0 ? 'No members' : `${t.members.length} member${t.members.length === 1 ? '' : 's'}`}
                </Text>
                {t.members.length > 0 && (
                  <Group gap={6} aria-label={`Members of ${t.name}`}>
                    {t.members.map((m) => (
                      <Badge
                        key={m.id}
                        variant="light"
                        color={m.is_active ? 'blue' : 'gray'}
                        title={roleLabel(m.role)}
                        style={{ textTransform: 'none' }}
                      >
                        {m.name}
                      </Badge>
                    ))}
                  </Group>
                )}
              </Stack>
            </Paper>
          ))}
        </SimpleGrid>
      )}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'New team' : `Edit ${editing?.name ?? ''}`}
      >
        {editing !== null && <TeamForm team={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      </Modal>
      <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title="Delete team">
        {deleting && <DeleteTeam team={deleting} onDone={() => setDeleting(null)} />}
      </Modal>
    </Stack>
  );
}

function TeamForm({ team, onDone }: { team: TeamItem | null; onDone: () => void }) {
  const qc = useQueryClient();
  const directory = useQuery({ queryKey: teamKeys.directory(), queryFn: teamService.directory, staleTime: 60_000 });
  const [name, setName] = useState(team?.name ?? '');
  const [manager, setManager] = useState<string | null>(team?.manager?.id ?? null);
  const [members, setMembers] = useState<string[]>(team?.members.map((m) => m.id) ?? []);
  const [submitted, setSubmitted] = useState(false);

  // The directory lists active staff; keep current people who are no longer in it selectable.
  const options = useMemo(() => {
    const byId = new Map<string, Pick<TeamUser, 'id' | 'name' | 'role'>>((directory.data?.items ?? []).map((u) => [u.id, u]));
    for (const u of [...(team?.members ?? []), ...(team?.manager ? [team.manager] : [])]) if (!byId.has(u.id)) byId.set(u.id, u);
    return [...byId.values()].map((u) => ({ value: u.id, label: `${u.name} (${roleLabel(u.role)})` }));
  }, [directory.data, team]);

  const save = useMutation({
    mutationFn: async () => {
      if (!team) return teamService.create({ name, manager_user_id: manager, member_user_ids: members });
      let t = team;
      if (name.trim() !== team.name || manager !== (team.manager?.id ?? null))
        t = await teamService.update(team.id, { name, manager_user_id: manager });
      const before = team.members
        .map((m) => m.id)
        .sort()
        .join();
      if ([...members].sort().join() !== before) t = await teamService.setMembers(team.id, { member_user_ids: members });
      return t;
    },
    onSuccess: (t) => {
      void invalidateTeams(qc);
      notifications.show({ color: 'teal', message: team ? `${t.name} saved` : `Team ${t.name} created` });
      onDone();
    },
    onError: () => invalidateTeams(qc),
  });
  const parsed = createTeamBody.safeParse({ name, manager_user_id: manager, member_user_ids: members });
  const errs: Record<string, string> = {};
  if (!parsed.success) for (const i of parsed.error.issues) errs[String(i.path[0])] ??= i.message;
  const server = save.error instanceof ApiError ? save.error : null;
  const err = (k: string, label: string) =>
    submitted && errs[k] ? `${label} ${errs[k]}` : server?.fieldError(k) ? `${label} ${server.fieldError(k)}` : undefined;

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        setSubmitted(true);
        if (parsed.success) save.mutate();
      }}
      noValidate
    >
      <Stack>
        <FormError error={server} />
        {save.error && !server && (
          <Text c="red" size="sm" role="alert">
            {errorMessage(save.error)}
          </Text>
        )}
        {directory.isError && (
          <Text c="red" size="sm" role="alert">
            Could not load the staff list: {errorMessage(directory.error)}
          </Text>
        )}
        <TextInput
          label="Name"
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={err('name', 'Name')}
          data-autofocus
        />
        <Select
          label="Manager"
          placeholder={directory.isLoading ? 'Loading staff...' : 'No manager'}
          data={options}
          value={manager}
          onChange={setManager}
          searchable
          clearable
          nothingFoundMessage="No staff member matches"
          error={err('manager_user_id', 'Manager')}
          comboboxProps={{ withinPortal: true }}
        />
        <MultiSelect
          label="Members"
          placeholder={directory.isLoading ? 'Loading staff...' : 'Choose staff members'}
          data={options}
          value={members}
          onChange={setMembers}
          searchable
          clearable
          hidePickedOptions
          nothingFoundMessage="No staff member matches"
          error={err('member_user_ids', 'Members')}
          comboboxProps={{ withinPortal: true }}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {team ? 'Save' : 'Create team'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function DeleteTeam({ team, onDone }: { team: TeamItem; onDone: () => void }) {
  const qc = useQueryClient();
  const del = useMutation({
    mutationFn: () => teamService.remove(team.id),
    onSuccess: () => {
      void invalidateTeams(qc);
      notifications.show({ color: 'teal', message: `Team ${team.name} deleted` });
      onDone();
    },
  });
  return (
    <Stack>
      <Text size="sm">
        Delete the team <b>{team.name}</b>? Its {team.members.length} member{team.members.length === 1 ? '' : 's'} stay users; only the team
        goes.
      </Text>
      {del.error && (
        <Text c="red" size="sm" role="alert">
          {errorMessage(del.error)}
        </Text>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button color="red" loading={del.isPending} onClick={() => del.mutate()}>
          Delete team
        </Button>
      </Group>
    </Stack>
  );
}
