// What the clinic records about a patient (issue 12), on the patient's page: lab results, prescriptions and
// provider notes, each saying whether the patient sees it in the portal. Write controls with the write grant.
import { useQuery } from '@tanstack/react-query';
import { Card, Group, Tabs, Text, Title } from '@mantine/core';
import { useUrlState } from '../../components/useUrlState';
import { clinicRecordKeys, clinicRecordService } from './api';
import { LabResultsTab } from './LabResultsTab';
import { NotesTab } from './NotesTab';
import { PrescriptionsTab } from './PrescriptionsTab';

const TABS = ['labs', 'prescriptions', 'notes'] as const;
type Tab = (typeof TABS)[number];
const DEFAULTS: { records: string | undefined } = { records: 'labs' };

export function ClinicalRecordsCard({ patientId, canWrite }: { patientId: string; canWrite: boolean }) {
  const [s, set] = useUrlState(DEFAULTS);
  const tab: Tab = TABS.find((t) => t === s.records) ?? 'labs';
  // The organization's release rules explain why a record is not shown to the patient yet.
  const rules = useQuery({ queryKey: clinicRecordKeys.releaseSettings(), queryFn: clinicRecordService.releaseSettings });
  return (
    <Card withBorder component="section" aria-labelledby="clinical-records-title">
      <Group justify="space-between" gap="xs">
        <Title order={3} size="h5" id="clinical-records-title">
          Clinical records
        </Title>
        {rules.data && (
          <Text size="xs" c="dimmed">
            Lab results reach the patient {rules.data.lab_results === 'after_review' ? 'after review' : 'when final'}; notes{' '}
            {rules.data.provider_notes === 'after_review' ? 'after review' : 'when shared'}
          </Text>
        )}
      </Group>
      <Tabs keepMounted={false} value={tab} onChange={(v) => set({ records: v ?? undefined }, { resetPage: false })} mt="xs">
        <Tabs.List>
          <Tabs.Tab value="labs">Lab results</Tabs.Tab>
          <Tabs.Tab value="prescriptions">Prescriptions</Tabs.Tab>
          <Tabs.Tab value="notes">Notes</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="labs">
          <LabResultsTab patientId={patientId} canWrite={canWrite} rules={rules.data} />
        </Tabs.Panel>
        <Tabs.Panel value="prescriptions">
          <PrescriptionsTab patientId={patientId} canWrite={canWrite} />
        </Tabs.Panel>
        <Tabs.Panel value="notes">
          <NotesTab patientId={patientId} canWrite={canWrite} rules={rules.data} />
        </Tabs.Panel>
      </Tabs>
    </Card>
  );
}
