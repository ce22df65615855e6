// One patient: person info, roles over time, call history, CT and EAP journeys.
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Anchor, Badge, Button, Card, Group, Modal, SimpleGrid, Stack, Text, Timeline, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { can } from '../../../shared/permissions';
import { ApiError } from '../../api/client';
import { useMe } from '../../auth';
import { ErrorState, TableSkeleton } from '../../components/states';
import { ConfirmModal } from '../../components/ConfirmModal';
import { fmtDate, fmtDateTime, humanize } from '../../components/labels';
import { useStaffUsers } from '../users/useStaffUsers';
import { StatusBadge } from '../../components/StatusBadge';
import { ClinicalRecordsCard } from '../clinic-records/ClinicalRecordsCard';
import { PatientJourneys } from '../journeys/PatientJourneys';
import { PortalAccessCard } from '../portal-accounts/PortalAccessCard';
import { personKeys, personService } from '../persons/api';
import { CallHistory } from './CallHistory';
import { PatientForm } from './PatientForm';
import { invalidatePatients, patientKeys, patientService, type PatientUpdateInput } from './api';

export default function PatientDetailPage() {
  const id = useParams().id!;
  const me = useMe().data!;
  const qc = useQueryClient();
  const staff = useStaffUsers();
  const canWrite = can(me.user.role, 'patients', 'write');
  const canDelete = can(me.user.role, 'patients', 'delete');
  const [editing, setEditing] = useState(false);
  // The version the user started editing from: a realtime refresh must not make a save overwrite silently.
  const [baseVersion, setBaseVersion] = useState<number | null>(null);
  const [deleting, setDeleting] = useState(false);
  const patient = useQuery({ queryKey: patientKeys.detail(id), queryFn: () => patientService.detail(id) });
  const personId = patient.data?.person_id;
  const roles = useQuery({
    queryKey: personKeys.roles(personId ?? ''),
    queryFn: () => personService.roles(personId!),
    enabled: !!personId && can(me.user.role, 'persons', 'read'),
  });
  const refresh = () => invalidatePatients(qc, id);
  const update = useMutation({
    mutationFn: (b: PatientUpdateInput) => patientService.update(id, baseVersion ?? patient.data!.version, b),
    onSuccess: () => {
      refresh();
      setEditing(false);
      notifications.show({ color: 'teal', message: 'Patient saved' });
    },
    onError: async (err) => {
      if (err instanceof ApiError && err.status === 412) {
        const latest = await patient.refetch(); // the form keeps what was typed; saving again applies on top
        if (latest.data) setBaseVersion(latest.data.version);
        refresh();
      }
    },
  });
  const remove = useMutation({
    mutationFn: () => patientService.remove(id),
    onSuccess: () => {
      refresh();
      setDeleting(false);
      notifications.show({ message: 'Patient deleted (can be restored)' });
    },
  });
  const restore = useMutation({
    mutationFn: () => patientService.restore(id),
    onSuccess: () => {
      refresh();
      notifications.show({ color: 'teal', message: 'Patient restored' });
    },
  });

  if (patient.isLoading) return <TableSkeleton rows={6} cols={2} />;
  if (patient.isError)
    return (
      <Stack>
        <Anchor component={Link} to="/app/patients" size="sm">
          ← Patients
        </Anchor>
        <ErrorState error={patient.error} onRetry={() => patient.refetch()} what="this patient" />
      </Stack>
    );
  const p = patient.data!;
  const userName = (uid: string | null) => (uid ? (staff.users.find((u) => u.id === uid)?.name ?? 'Assigned') : 'Unassigned');
  const row = (label: string, value: React.ReactNode) => (
    <Text size="sm">
      <b>{label}:</b> {value}
    </Text>
  );
  return (
    <Stack>
      <Anchor component={Link} to="/app/patients" size="sm">
        ← Patients
      </Anchor>
      <Group justify="space-between">
        <Group gap="sm">
          <Title order={2}>{p.full_name}</Title>
          <StatusBadge value={p.status} size="md" />
          <StatusBadge value={p.care_stage} size="md" />
          {p.deleted_at && <Badge color="red">Deleted</Badge>}
        </Group>
        <Group gap="sm">
          {canWrite && !p.deleted_at && (
            <Button
              variant="default"
              onClick={() => {
                update.reset();
                setBaseVersion(p.version);
                setEditing(true);
              }}
            >
              Edit
            </Button>
          )}
          {canDelete && !p.deleted_at && (
            <Button color="red" variant="light" onClick={() => setDeleting(true)}>
              Delete
            </Button>
          )}
          {canDelete && p.deleted_at && (
            <Button loading={restore.isPending} onClick={() => restore.mutate()}>
              Restore
            </Button>
          )}
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={3} size="h5" mb="sm">
            Person
          </Title>
          <Stack gap={4}>
            {row('Email', p.email ?? '—')}
            {row('Phone', p.phone ?? '—')}
            {row('Date of birth', fmtDate(p.date_of_birth))}
            {row('Health coach', userName(p.assigned_coach_user_id))}
            {row('Medical conditions', p.medical_conditions.length ? p.medical_conditions.map((c) => c.name).join(', ') : '—')}
            {p.notes && row('Notes', p.notes)}
            <Text size="xs" c="dimmed">
              Created {fmtDateTime(p.created_at)} · updated {fmtDateTime(p.updated_at)}
            </Text>
          </Stack>
        </Card>
        <Card withBorder>
          <Title order={3} size="h5" mb="sm">
            Roles over time
          </Title>
          {!roles.isEnabled ? (
            <Text size="sm" c="dimmed">
              Your role cannot see person roles.
            </Text>
          ) : roles.isLoading ? (
            <TableSkeleton rows={2} cols={1} />
          ) : roles.isError ? (
            <ErrorState error={roles.error} onRetry={() => roles.refetch()} what="roles" />
          ) : roles.data!.items.length === 0 ? (
            <Text size="sm" c="dimmed">
              No roles recorded.
            </Text>
          ) : (
            <Timeline bulletSize={12} lineWidth={2} active={roles.data!.items.length} aria-label="Roles over time">
              {roles.data!.items.map((r) => (
                <Timeline.Item
                  key={r.id}
                  title={
                    <Group gap="xs">
                      <Text size="sm" fw={600}>
                        {humanize(r.role)}
                      </Text>
                      {r.is_current && <Badge size="xs">current</Badge>}
                    </Group>
                  }
                >
                  <Text size="xs" c="dimmed">
                    {fmtDate(r.valid_from)} – {r.valid_to ? fmtDate(r.valid_to) : 'now'}
                  </Text>
                </Timeline.Item>
              ))}
            </Timeline>
          )}
          {personId && can(me.user.role, 'persons', 'read') && (
            <Anchor component={Link} to={`/app/persons/${personId}`} size="xs" mt="sm" display="block">
              Open the person record
            </Anchor>
          )}
        </Card>
      </SimpleGrid>
      {canWrite && !p.deleted_at && <PortalAccessCard patientId={p.id} canWrite={canWrite} />}
      {can(me.user.role, 'clinical_records', 'read') && (
        <ClinicalRecordsCard patientId={p.id} canWrite={can(me.user.role, 'clinical_records', 'write') && !p.deleted_at} />
      )}
      {can(me.user.role, 'calls', 'read') && (
        <CallHistory patientId={p.id} canWrite={can(me.user.role, 'calls', 'write') && !p.deleted_at} />
      )}
      {can(me.user.role, 'journeys', 'read') && (
        <PatientJourneys patientId={p.id} canWrite={can(me.user.role, 'journeys', 'write') && !p.deleted_at} />
      )}
      <Modal opened={editing} onClose={() => setEditing(false)} title={`Edit ${p.full_name}`} size="lg">
        {update.error instanceof ApiError && update.error.status === 412 && (
          <Text c="red" size="sm" mb="sm">
            Someone else changed this patient meanwhile; the latest version is loaded. Review and save again.
          </Text>
        )}
        <PatientForm
          key={p.id}
          patient={p}
          busy={update.isPending}
          error={update.error}
          onSubmit={(b) => update.mutate(b)}
          onCancel={() => setEditing(false)}
        />
      </Modal>
      <ConfirmModal
        opened={deleting}
        title={`Delete ${p.full_name}?`}
        confirmLabel="Delete patient"
        busy={remove.isPending}
        onClose={() => setDeleting(false)}
        onConfirm={() => remove.mutate()}
      >
        The patient is hidden from lists. Nothing is lost: an admin or manager can restore them.
      </ConfirmModal>
    </Stack>
  );
}
