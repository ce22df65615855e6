// The lead beside the board or table: details, stage, edit, archive/restore, convert, interactions.
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Anchor, Button, Divider, Drawer, Group, Modal, Select, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { LEAD_STAGE_LABELS, LEAD_STAGES } from '../../../shared/schemas/leads';
import { ApiError } from '../../api/client';
import { ErrorState, errorMessage } from '../../components/states';
import { ConfirmModal } from '../../components/ConfirmModal';
import { fmtDate, fmtMoney } from '../../components/labels';
import { StatusBadge } from '../../components/StatusBadge';
import { invalidatePatients } from '../patients/api';
import { invalidateLeads, leadKeys, leadService, type LeadItem, type LeadPatchInput } from './api';
import { useArchiveLeads, useLead, useMoveLead } from './useLeads';
import { Interactions } from './Interactions';
import { LeadForm } from './LeadForm';

export function LeadDrawer({ id, canWrite, onClose }: { id: string | undefined; canWrite: boolean; onClose: () => void }) {
  const lead = useLead(id);
  const l = lead.data;
  return (
    <Drawer
      opened={!!id}
      onClose={onClose}
      position="right"
      size="lg"
      title={l ? l.full_name : 'Lead'}
      closeButtonProps={{ 'aria-label': 'Close lead' }}
    >
      {lead.isLoading ? (
        <Stack>
          <Skeleton h={24} />
          <Skeleton h={120} />
        </Stack>
      ) : lead.isError ? (
        <ErrorState error={lead.error} onRetry={() => lead.refetch()} what="this lead" />
      ) : l ? (
        <LeadDetail key={l.id} l={l} canWrite={canWrite} />
      ) : null}
    </Drawer>
  );
}

function LeadDetail({ l, canWrite }: { l: LeadItem; canWrite: boolean }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const move = useMoveLead();
  const archive = useArchiveLeads();
  const [editing, setEditing] = useState(false);
  // The version the user started editing from: a realtime refresh must not make a save overwrite silently.
  const [baseVersion, setBaseVersion] = useState<number | null>(null);
  const [confirm, setConfirm] = useState<'archive' | 'convert' | null>(null);
  const update = useMutation({
    mutationFn: (b: LeadPatchInput) => leadService.update(l.id, baseVersion ?? l.version, b),
    onSuccess: () => {
      void invalidateLeads(qc);
      setEditing(false);
      notifications.show({ color: 'teal', message: 'Lead saved' });
    },
    onError: async (err) => {
      if (err instanceof ApiError && err.status === 412) {
        await qc.invalidateQueries({ queryKey: leadKeys.detail(l.id) });
        const latest = qc.getQueryData<LeadItem>(leadKeys.detail(l.id));
        if (latest) setBaseVersion(latest.version); // saving again applies on top of the version now shown
      }
    },
  });
  const convert = useMutation({
    mutationFn: () => leadService.convert(l.id),
    onSuccess: (r) => {
      void invalidateLeads(qc);
      void invalidatePatients(qc);
      notifications.show({
        color: 'teal',
        message: r.patient_created
          ? `${r.patient.full_name} is now a patient`
          : `${r.patient.full_name} was already a patient: linked to the existing record`,
      });
      navigate(`/app/patients/${r.patient.id}`);
    },
    onError: (err) => notifications.show({ color: 'red', title: 'Not converted', message: errorMessage(err) }),
  });
  const row = (label: string, value: React.ReactNode) => (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{value}</Text>
    </div>
  );
  return (
    <Stack>
      <Group gap="xs">
        <StatusBadge value={l.stage} size="md" />
        {l.is_archived && <StatusBadge value="archived" color="gray" size="md" />}
        {l.converted_patient_id && (
          <Anchor component={Link} to={`/app/patients/${l.converted_patient_id}`} size="sm">
            Open patient record
          </Anchor>
        )}
      </Group>
      <SimpleGrid cols={2} spacing="xs">
        {row('Email', l.email ?? '—')}
        {row('Phone', l.phone ?? '—')}
        {row('Product', l.product_name ?? '—')}
        {row('Value', fmtMoney(l.value))}
        {row('Owner', l.owner_name ?? 'Unassigned')}
        {row('Source', l.acquisition_source?.replace(/_/g, ' ') ?? '—')}
        {row('Medical condition', l.medical_condition_name ?? '—')}
        {row('In this stage since', fmtDate(l.stage_changed_at))}
      </SimpleGrid>
      {l.notes && row('Notes', l.notes)}
      {canWrite && (
        <Group gap="xs" align="end">
          <Select
            label="Stage"
            w={170}
            data={LEAD_STAGES.map((s) => ({ value: s, label: LEAD_STAGE_LABELS[s] }))}
            value={l.stage}
            allowDeselect={false}
            disabled={l.is_archived || move.isPending}
            onChange={(v) => {
              const stage = LEAD_STAGES.find((x) => x === v);
              if (stage && stage !== l.stage) move.mutate({ lead: l, stage });
            }}
          />
          <Button
            variant="default"
            onClick={() => {
              update.reset();
              setBaseVersion(l.version);
              setEditing(true);
            }}
          >
            Edit
          </Button>
          {!l.converted_patient_id && !l.is_archived && (
            <Button variant="light" onClick={() => setConfirm('convert')}>
              Convert to patient
            </Button>
          )}
          {l.is_archived ? (
            <Button variant="light" loading={archive.isPending} onClick={() => archive.mutate({ ids: [l.id], restore: true })}>
              Restore
            </Button>
          ) : (
            <Button variant="light" color="red" onClick={() => setConfirm('archive')}>
              Archive
            </Button>
          )}
        </Group>
      )}
      <Divider />
      <Interactions leadId={l.id} canWrite={canWrite} />
      <Modal opened={editing} onClose={() => setEditing(false)} title={`Edit ${l.full_name}`} size="lg">
        {update.error instanceof ApiError && update.error.status === 412 && (
          <Text c="red" size="sm" mb="sm">
            Someone else changed this lead meanwhile; the latest version is loaded. Review and save again.
          </Text>
        )}
        <LeadForm
          lead={l}
          busy={update.isPending}
          error={update.error}
          onSubmit={(b) => update.mutate(b)}
          onCancel={() => setEditing(false)}
        />
      </Modal>
      <ConfirmModal
        opened={confirm === 'archive'}
        title={`Archive ${l.full_name}?`}
        confirmLabel="Archive"
        busy={archive.isPending}
        onClose={() => setConfirm(null)}
        onConfirm={() => archive.mutate({ ids: [l.id], restore: false }, { onSuccess: () => setConfirm(null) })}
      >
        The lead leaves the board and the default list. Nothing is deleted: it can be restored from the "Archived" filter.
      </ConfirmModal>
      <ConfirmModal
        opened={confirm === 'convert'}
        title={`Convert ${l.full_name} to a patient?`}
        confirmLabel="Convert"
        color="teal"
        busy={convert.isPending}
        onClose={() => setConfirm(null)}
        onConfirm={() => convert.mutate()}
      >
        A patient record is created for this person (or the existing one is reused when they already are a patient), and the lead is marked
        closed won.
      </ConfirmModal>
    </Stack>
  );
}
