// A patient's clinical-trial and EAP journeys (shown on the patient's page): list, start one, open one.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Group, Modal, Skeleton, Stack, Tabs, Text, Title, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useUrlState } from '../../components/useUrlState';
import { ErrorState } from '../../components/states';
import { fmtDate } from '../../components/labels';
import { StatusBadge } from '../../components/StatusBadge';
import { JourneyDrawer } from './JourneyDrawer';
import { JourneyForm } from './JourneyForm';
import { invalidateJourneys, journeyKeys, journeyKindOf, journeyService, type JourneyInput, type JourneyKind } from './api';

const DEFAULTS: Record<'journey' | 'kind', string | undefined> = { journey: undefined, kind: 'ct' };

export function PatientJourneys({ patientId, canWrite }: { patientId: string; canWrite: boolean }) {
  const [s, set] = useUrlState(DEFAULTS);
  const kind = journeyKindOf(s.kind);
  const [starting, setStarting] = useState<JourneyKind | null>(null);
  const qc = useQueryClient();
  const ct = useQuery({ queryKey: journeyKeys.ofPatient(patientId, 'ct'), queryFn: () => journeyService.ofPatient('ct', patientId) });
  const eap = useQuery({ queryKey: journeyKeys.ofPatient(patientId, 'eap'), queryFn: () => journeyService.ofPatient('eap', patientId) });
  const start = useMutation({
    mutationFn: ({ k, body }: { k: JourneyKind; body: JourneyInput }) => journeyService.start(k, patientId, body),
    onSuccess: (j) => {
      void invalidateJourneys(qc);
      setStarting(null);
      notifications.show({ color: 'teal', message: 'Journey started' });
      set({ journey: j.id, kind: j.kind }, { resetPage: false });
    },
  });
  const list = (k: JourneyKind, q: typeof ct) =>
    q.isLoading ? (
      <Stack gap={6}>
        <Skeleton h={40} />
        <Skeleton h={40} />
      </Stack>
    ) : q.isError ? (
      <ErrorState error={q.error} onRetry={() => q.refetch()} what="journeys" />
    ) : q.data!.items.length === 0 ? (
      <Text size="sm" c="dimmed" py="sm">
        No {k === 'ct' ? 'clinical-trial' : 'EAP'} journeys yet.
        {canWrite ? ` Start one when the patient is ${k === 'ct' ? 'interested in a trial' : 'asking about expanded access'}.` : ''}
      </Text>
    ) : (
      <Stack gap={6} py="xs">
        {q.data!.items.map((j) => (
          <UnstyledButton
            key={j.id}
            onClick={() => set({ journey: j.id, kind: k }, { resetPage: false })}
            aria-label={`Open ${(k === 'ct' ? j.trial_name : j.drug_name) ?? 'journey'}`}
          >
            <Card withBorder padding="xs">
              <Group justify="space-between" wrap="nowrap">
                <div>
                  <Text size="sm" fw={600}>
                    {k === 'ct' ? j.trial_name : j.drug_name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {k === 'ct' ? (j.nct_id ?? '') : (j.manufacturer ?? '')} · since {fmtDate(j.status_changed_at)}
                  </Text>
                </div>
                <StatusBadge value={j.status} />
              </Group>
            </Card>
          </UnstyledButton>
        ))}
      </Stack>
    );
  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5">
          Journeys
        </Title>
        {canWrite && (
          <Button size="xs" variant="light" onClick={() => setStarting(kind)}>
            Start {kind === 'ct' ? 'CT' : 'EAP'} journey
          </Button>
        )}
      </Group>
      <Tabs value={kind} onChange={(v) => set({ kind: v ?? 'ct' }, { resetPage: false })}>
        <Tabs.List>
          <Tabs.Tab value="ct">Clinical trials ({ct.data?.items.length ?? '…'})</Tabs.Tab>
          <Tabs.Tab value="eap">Expanded access ({eap.data?.items.length ?? '…'})</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="ct">{list('ct', ct)}</Tabs.Panel>
        <Tabs.Panel value="eap">{list('eap', eap)}</Tabs.Panel>
      </Tabs>
      <Modal
        opened={!!starting}
        onClose={() => setStarting(null)}
        title={starting === 'ct' ? 'Start a clinical-trial journey' : 'Start an EAP journey'}
      >
        {starting && (
          <JourneyForm
            kind={starting}
            busy={start.isPending}
            error={start.error}
            onSubmit={(body) => start.mutate({ k: starting, body })}
            onCancel={() => setStarting(null)}
          />
        )}
      </Modal>
      <JourneyDrawer kind={kind} id={s.journey} canWrite={canWrite} onClose={() => set({ journey: undefined }, { resetPage: false })} />
    </Card>
  );
}
