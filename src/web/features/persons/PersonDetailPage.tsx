// One person: contact details, roles over time (add, end), edit, delete and restore.
import { humanize } from '../../components/labels';
import { useParams, Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Anchor, Badge, Button, Card, Group, Modal, Select, SimpleGrid, Stack, Text, Timeline, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { PERSON_ROLE_TYPES } from '../../../shared/schemas/persons';
import { can } from '../../../shared/permissions';
import { ApiError } from '../../api/client';
import { useMe } from '../../auth';
import { ErrorState, TableSkeleton } from '../../components/states';
import { PersonForm } from './PersonForm';
import { invalidatePersons, personKeys, personService, type PersonInput, type PersonRoleType } from './api';

export default function PersonDetailPage() {
  const id = useParams().id!;
  const me = useMe().data!;
  const qc = useQueryClient();
  const [editing, edit] = useDisclosure(false);
  const [confirmDelete, del] = useDisclosure(false);
  const [newRole, setNewRole] = useState<PersonRoleType | null>(null);
  // The version the user started editing from: a realtime refresh must not make a save overwrite silently.
  const [baseVersion, setBaseVersion] = useState<number | null>(null);
  const canWrite = can(me.user.role, 'persons', 'write');
  const canDelete = can(me.user.role, 'persons', 'delete');

  const person = useQuery({ queryKey: personKeys.detail(id), queryFn: () => personService.detail(id) });
  const roles = useQuery({ queryKey: personKeys.roles(id), queryFn: () => personService.roles(id) });
  const refresh = () => invalidatePersons(qc, id);

  const update = useMutation({
    mutationFn: (body: PersonInput) => personService.update(id, baseVersion ?? person.data!.version, body),
    onSuccess: () => {
      refresh();
      edit.close();
      notifications.show({ color: 'teal', message: 'Saved' });
    },
    onError: async (err) => {
      if (err instanceof ApiError && err.status === 412) {
        const latest = await person.refetch();
        if (latest.data) setBaseVersion(latest.data.version);
        refresh();
      }
    },
  });
  const remove = useMutation({
    mutationFn: () => personService.remove(id),
    onSuccess: () => {
      refresh();
      del.close();
      notifications.show({ message: 'Person deleted (can be restored)' });
    },
  });
  const restore = useMutation({
    mutationFn: () => personService.restore(id),
    onSuccess: () => {
      refresh();
      notifications.show({ color: 'teal', message: 'Person restored' });
    },
  });
  const addRole = useMutation({
    mutationFn: (role: PersonRoleType) => personService.addRole(id, { role }),
    onSuccess: () => {
      refresh();
      setNewRole(null);
    },
  });
  const endRole = useMutation({
    mutationFn: (roleId: string) => personService.endRole(id, roleId),
    onSuccess: refresh,
  });

  if (person.isLoading) return <TableSkeleton rows={4} cols={2} />;
  if (person.isError) return <ErrorState error={person.error} onRetry={() => person.refetch()} what="this person" />;
  const p = person.data!;
  return (
    <Stack>
      <Anchor component={Link} to="/app/persons" size="sm">
        ← People
      </Anchor>
      <Group justify="space-between">
        <Group>
          <Title order={2}>{p.full_name}</Title>
          {p.deleted_at && <Badge color="red">Deleted</Badge>}
          {p.current_roles.map((r) => (
            <Badge key={r} variant="light">
              {humanize(r)}
            </Badge>
          ))}
        </Group>
        <Group>
          {canWrite && !p.deleted_at && (
            <Button
              variant="default"
              onClick={() => {
                update.reset();
                setBaseVersion(p.version);
                edit.open();
              }}
            >
              Edit
            </Button>
          )}
          {canDelete && !p.deleted_at && (
            <Button color="red" variant="light" onClick={del.open}>
              Delete
            </Button>
          )}
          {canDelete && p.deleted_at && (
            <Button onClick={() => restore.mutate()} loading={restore.isPending}>
              Restore
            </Button>
          )}
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={3} size="h5" mb="sm">
            Contact
          </Title>
          <Stack gap={4}>
            <Text size="sm">
              <b>Email:</b> {p.email ?? '—'}
            </Text>
            <Text size="sm">
              <b>Phone:</b> {p.phone ?? '—'}
            </Text>
            <Text size="sm">
              <b>Date of birth:</b> {p.date_of_birth ?? '—'}
            </Text>
            <Text size="xs" c="dimmed">
              Created {new Date(p.created_at).toLocaleString()} · updated {new Date(p.updated_at).toLocaleString()}
            </Text>
          </Stack>
        </Card>
        <Card withBorder>
          <Title order={3} size="h5" mb="sm">
            Roles over time
          </Title>
          {roles.isLoading ? (
            <TableSkeleton rows={2} cols={1} />
          ) : roles.isError ? (
            <ErrorState error={roles.error} onRetry={() => roles.refetch()} what="roles" />
          ) : (roles.data?.items.length ?? 0) === 0 ? (
            <Text size="sm" c="dimmed">
              No roles yet.
            </Text>
          ) : (
            <Timeline bulletSize={14} lineWidth={2} active={roles.data!.items.length}>
              {roles.data!.items.map((r) => (
                <Timeline.Item
                  key={r.id}
                  title={
                    <Group gap="xs">
                      {humanize(r.role)}
                      {r.is_current && <Badge size="xs">current</Badge>}
                    </Group>
                  }
                >
                  <Text size="xs" c="dimmed">
                    {new Date(r.valid_from).toLocaleDateString()} – {r.valid_to ? new Date(r.valid_to).toLocaleDateString() : 'now'}
                  </Text>
                  {canWrite && r.is_current && (
                    <Button size="compact-xs" variant="subtle" onClick={() => endRole.mutate(r.id)}>
                      End role
                    </Button>
                  )}
                </Timeline.Item>
              ))}
            </Timeline>
          )}
          {canWrite && !p.deleted_at && (
            <Group mt="md" align="end">
              <Select
                label="Add role"
                placeholder="Choose a role"
                data={PERSON_ROLE_TYPES.filter((r) => !p.current_roles.includes(r)).map((r) => ({ value: r, label: humanize(r) }))}
                value={newRole}
                onChange={(v) => setNewRole(PERSON_ROLE_TYPES.find((r) => r === v) ?? null)}
                w={200}
              />
              <Button disabled={!newRole} loading={addRole.isPending} onClick={() => newRole && addRole.mutate(newRole)}>
                Add
              </Button>
            </Group>
          )}
        </Card>
      </SimpleGrid>
      <Modal opened={editing} onClose={edit.close} title="Edit person">
        {update.error instanceof ApiError && update.error.status === 412 && (
          <Text c="red" size="sm" mb="sm">
            Someone else changed this person meanwhile; the latest version is loaded. Review and save again.
          </Text>
        )}
        <PersonForm
          person={p}
          submitLabel="Save"
          busy={update.isPending}
          error={update.error}
          onSubmit={(b) => update.mutate(b)}
          onCancel={edit.close}
        />
      </Modal>
      <Modal opened={confirmDelete} onClose={del.close} title={`Delete ${p.full_name}?`}>
        <Text size="sm">The person is hidden from lists. Nothing is lost: an admin or manager can restore them.</Text>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={del.close}>
            Cancel
          </Button>
          <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
            Delete
          </Button>
        </Group>
      </Modal>
    </Stack>
  );
}
