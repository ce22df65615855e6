// The organization's release rules on the Users page: when lab results and notes reach the patient's portal,
// and which tests count as sensitive. Admins change them; other staff who read clinic records see them.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Group, Paper, Radio, Skeleton, Stack, TagsInput, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { RELEASE_MODES, RELEASE_MODE_LABELS, releaseSettingsPatch, type ReleaseMode } from '../../../shared/schemas/clinic-records';
import { ApiError } from '../../api/client';
import { ErrorState } from '../../components/states';
import { clinicRecordKeys, clinicRecordService, invalidateClinicRecords, type ReleaseSettings } from './api';

const asMode = (v: string): ReleaseMode => RELEASE_MODES.find((m) => m === v) ?? 'immediate';

export function ReleaseSettingsCard({ canWrite }: { canWrite: boolean }) {
  const q = useQuery({ queryKey: clinicRecordKeys.releaseSettings(), queryFn: clinicRecordService.releaseSettings });
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="release-settings-title">
      <Title order={3} size="h6" id="release-settings-title">
        Releasing records to patients
      </Title>
      <Text size="xs" c="dimmed" mb="xs">
        When the clinic's lab results and notes appear in the patient portal. Prescriptions show while active or completed; notes only when
        shared with the patient.
      </Text>
      {q.isLoading ? (
        <Skeleton h={80} />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => q.refetch()} what="the release rules" />
      ) : (
        <ReleaseSettingsForm key={JSON.stringify(q.data)} settings={q.data!} canWrite={canWrite} />
      )}
    </Paper>
  );
}

function ReleaseSettingsForm({ settings, canWrite }: { settings: ReleaseSettings; canWrite: boolean }) {
  const qc = useQueryClient();
  const [v, setV] = useState(settings);
  const parsed = releaseSettingsPatch.safeParse(v);
  const codesError = parsed.success ? undefined : parsed.error.issues.find((i) => i.path[0] === 'sensitive_test_codes')?.message;
  const dirty = JSON.stringify(v) !== JSON.stringify(settings);
  const save = useMutation({
    mutationFn: () => clinicRecordService.updateReleaseSettings(v),
    onSuccess: (r) => {
      qc.setQueryData(clinicRecordKeys.releaseSettings(), r);
      // What patients see follows the rules at once: the records' "visible" marks change with them.
      void invalidateClinicRecords(qc);
      notifications.show({ color: 'teal', message: 'Release rules saved' });
    },
  });
  const serverError = save.error instanceof ApiError ? save.error : null;
  const mode = (k: 'lab_results' | 'provider_notes', label: string) => (
    <Radio.Group
      label={label}
      value={v[k]}
      onChange={(x) => setV((s) => ({ ...s, [k]: asMode(x) }))}
      error={serverError?.fieldError(k)}
      readOnly={!canWrite}
    >
      <Stack gap={6} mt={4}>
        {RELEASE_MODES.map((m) => (
          <Radio key={m} value={m} label={RELEASE_MODE_LABELS[m]} disabled={!canWrite} />
        ))}
      </Stack>
    </Radio.Group>
  );
  return (
    <Stack gap="sm">
      <Group align="flex-start" gap="xl">
        {mode('lab_results', 'Lab results')}
        {mode('provider_notes', 'Notes shared with the patient')}
      </Group>
      {canWrite ? (
        <TagsInput
          label="Sensitive tests"
          description="Test codes whose results count as sensitive: patients who asked for it see them only after review. Press Enter after each code."
          placeholder="Add a test code"
          value={v.sensitive_test_codes}
          onChange={(codes) => setV((s) => ({ ...s, sensitive_test_codes: codes }))}
          error={codesError ?? serverError?.fieldError('sensitive_test_codes')}
          maw={640}
        />
      ) : (
        <div>
          <Text size="sm" fw={500}>
            Sensitive tests
          </Text>
          {v.sensitive_test_codes.length ? (
            <Group gap={4} mt={4}>
              {v.sensitive_test_codes.map((c) => (
                <Badge key={c} variant="light" color="gray">
                  {c}
                </Badge>
              ))}
            </Group>
          ) : (
            <Text size="sm" c="dimmed">
              None
            </Text>
          )}
        </div>
      )}
      {serverError && !serverError.problem?.errors?.length && (
        <Text c="red" size="sm" role="alert">
          {serverError.message}
        </Text>
      )}
      {canWrite ? (
        <Group>
          <Button size="xs" disabled={!dirty || !parsed.success} loading={save.isPending} onClick={() => save.mutate()}>
            Save release rules
          </Button>
          {dirty && (
            <Button size="xs" variant="subtle" onClick={() => setV(settings)}>
              Undo changes
            </Button>
          )}
        </Group>
      ) : (
        <Text size="xs" c="dimmed">
          Only an admin can change these.
        </Text>
      )}
    </Stack>
  );
}
