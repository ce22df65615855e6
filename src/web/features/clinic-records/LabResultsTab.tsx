// A patient's lab results on the staff side: newest first, whether the patient sees each and why not, and
// (with the write grant) record, mark reviewed, edit and mark entered in error.
import { Badge, Button, Text } from '@mantine/core';
import { LAB_STATUS_LABELS } from '../../../shared/schemas/clinic-records';
import { fmtDate, humanize } from '../../components/labels';
import { clinicRecordService, type ClinicLabItem, type LabInput, type LabPatchInput, type ReleaseSettings } from './api';
import { ClinicTab, type ClinicTabDef } from './ClinicTab';
import { LabResultForm } from './LabResultForm';
import { canMarkLabReviewed, LAB_FLAG_COLORS, LAB_STATUS_COLORS, labVisibility } from './visibility';

/** "5.4 mmol/L" or the result's text; the reference range beside it. */
function labValue(r: ClinicLabItem) {
  const value = r.value_numeric != null ? `${r.value_numeric}${r.unit ? ` ${r.unit}` : ''}` : (r.value_text ?? '—');
  const { reference_low: low, reference_high: high } = r;
  const range =
    low != null && high != null
      ? `Range ${low}–${high}`
      : high != null
        ? `Up to ${high}`
        : low != null
          ? `From ${low}`
          : (r.reference_text ?? '');
  return { value, range };
}

const def = (rules: ReleaseSettings | undefined): ClinicTabDef<ClinicLabItem, LabInput, LabPatchInput> => ({
  kind: 'lab-results',
  service: clinicRecordService.labResults,
  words: {
    add: 'Record lab result',
    edit: 'Edit lab result',
    list: 'Lab results',
    empty: 'No lab results yet.',
    howToAdd: 'Use "Record lab result" when one comes in.',
    added: 'Lab result recorded',
    saved: 'Lab result saved',
    subject: 'The result',
  },
  columns: ['Test', 'Result', 'Status', 'Patient', ''],
  template: 'minmax(0,1.5fr) minmax(0,1.2fr) max-content minmax(0,1.2fr) max-content',
  name: (r) => r.test_name,
  visibility: (r) => labVisibility(r, rules),
  Form: LabResultForm,
  cells: (r) => {
    const { value, range } = labValue(r);
    return (
      <>
        <div>
          <Text size="sm" fw={600}>
            {r.test_name}
            {r.sensitive && (
              <Badge size="xs" variant="outline" color="grape" ml={6}>
                Sensitive
              </Badge>
            )}
          </Text>
          <Text size="xs" c="dimmed">
            {[r.test_code, `Ordered ${fmtDate(r.ordered_at)}`, r.clinician?.name].filter(Boolean).join(' · ')}
          </Text>
        </div>
        <div>
          <Text size="sm">
            {value}
            {r.flag && (
              <Badge size="xs" variant="light" color={LAB_FLAG_COLORS[r.flag]} ml={6}>
                {humanize(r.flag)}
              </Badge>
            )}
          </Text>
          {range && (
            <Text size="xs" c="dimmed">
              {range}
            </Text>
          )}
        </div>
        <div>
          <Badge size="sm" variant="light" color={LAB_STATUS_COLORS[r.status]}>
            {LAB_STATUS_LABELS[r.status]}
          </Badge>
          {r.reviewed_by && (
            <Text size="xs" c="dimmed">
              by {r.reviewed_by.name}
            </Text>
          )}
        </div>
      </>
    );
  },
  actions: (r, m) =>
    canMarkLabReviewed(r) && (
      <Button
        size="compact-xs"
        variant="light"
        loading={m.update.isPending && m.update.variables?.record.id === r.id}
        onClick={() =>
          m.update.mutate({ record: r, body: { status: 'reviewed' }, message: `${r.test_name} marked reviewed`, inline: true })
        }
      >
        Mark reviewed
      </Button>
    ),
});

export function LabResultsTab({ patientId, canWrite, rules }: { patientId: string; canWrite: boolean; rules?: ReleaseSettings }) {
  return <ClinicTab def={def(rules)} patientId={patientId} canWrite={canWrite} />;
}
