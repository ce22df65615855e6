// "From your clinic" (issue 12, `/portal/records`): what the clinic recorded and released to the patient,
// newest first: lab results, prescriptions, notes and visits, filtered by kind (`?kind=`, the dashboard's
// links use it) and by date (`?from=`, `?to=`). Read-only: each card says who at the clinic recorded it; a
// new lab result can be marked as read. Below, the patient's choice about sensitive results.
import { Badge, Button, Card, Skeleton, Stack, Switch, Text, Title } from '@mantine/core';
import classes from '../features/portal-clinic-records/ClinicRecord.module.css';
import { IconCircleCheck } from '@tabler/icons-react';
import { useSearchParams } from 'react-router';
import {
  filtersOf,
  RECORD_KINDS,
  useAcknowledgeResult,
  useClinicRecords,
  useRecordPreferences,
  useUpdateRecordPreferences,
  type ClinicRecordFilters,
  type PortalRecord,
  type PortalRecordKind,
} from '../features/portal-clinic-records/api';
import { FLAG_LOOKS, KIND_LABELS, labRange, labValue, modeWords, statusWords } from '../features/portal-clinic-records/format';
import { errorMessage } from '../components/states';
import { formatDate, formatDay, formatMoment } from './records/format';
import { CardList, LoadError } from './records/RecordList';

const SKELETON_HEIGHT = 132;

export default function ClinicRecordsPage() {
  const [search, setSearch] = useSearchParams();
  const filters = filtersOf(search);
  const records = useClinicRecords(filters);
  // Asked for at once, with the list (index.html preloads both), though shown below it.
  const prefs = useRecordPreferences();
  const items = records.data?.pages.flatMap((p) => p.items) ?? [];

  /** One filter changed in the address (replacing the entry: Back leaves the page, not the filter). */
  const setFilter = (key: keyof ClinicRecordFilters, value: string | undefined) =>
    setSearch(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  return (
    <Stack>
      <div>
        <Title order={2}>From your clinic</Title>
        <Text size="sm" c="dimmed">
          Results, prescriptions, notes and visits your clinic has shared with you. Only your care team can change them.
        </Text>
      </div>

      <KindFilter value={filters.kind} onChange={(k) => setFilter('kind', k)} />
      <div className={classes.dates}>
        <label className={classes.field}>
          From
          <input
            type="date"
            className={classes.input}
            value={filters.from ?? ''}
            max={filters.to}
            onChange={(e) => setFilter('from', e.currentTarget.value || undefined)}
          />
        </label>
        <label className={classes.field}>
          To
          <input
            type="date"
            className={classes.input}
            value={filters.to ?? ''}
            min={filters.from}
            onChange={(e) => setFilter('to', e.currentTarget.value || undefined)}
          />
        </label>
      </div>

      {records.isPending ? (
        <Stack aria-busy="true" aria-label="Loading">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} h={SKELETON_HEIGHT} radius="lg" />
          ))}
        </Stack>
      ) : records.isError ? (
        <LoadError what="what your clinic shared" error={records.error} onRetry={() => records.refetch()} />
      ) : !items.length ? (
        <EmptyState filters={filters} onClearDates={() => setSearch(filters.kind ? { kind: filters.kind } : {}, { replace: true })} />
      ) : (
        <Stack gap="sm">
          <CardList label={filters.kind ? `${KIND_LABELS[filters.kind].many} from your clinic` : 'From your clinic'}>
            {items.map((r) => (
              <ClinicRecordCard key={`${r.kind}:${r.id}`} r={r} />
            ))}
          </CardList>
          {records.hasNextPage && (
            <Button size="lg" variant="light" loading={records.isFetchingNextPage} onClick={() => records.fetchNextPage()}>
              Show older
            </Button>
          )}
        </Stack>
      )}

      {/* Below the list only once it is in: nothing on screen moves when it arrives. */}
      {!records.isPending && <SensitiveResultsChoice prefs={prefs} />}
    </Stack>
  );
}

/** All, or one kind: toggle buttons (each says whether it is pressed), wrapping on a phone. */
function KindFilter({ value, onChange }: { value: PortalRecordKind | undefined; onChange: (k: PortalRecordKind | undefined) => void }) {
  const options: { value: PortalRecordKind | undefined; label: string }[] = [
    { value: undefined, label: 'All' },
    ...RECORD_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k].many })),
  ];
  return (
    <div className={classes.chips} role="group" aria-label="Show">
      {options.map((o) => (
        <button key={o.label} type="button" className={classes.chip} aria-pressed={o.value === value} onClick={() => onChange(o.value)}>
          {o.label}
        </button>
      ))}
    </div>
  );
}

function EmptyState({ filters, onClearDates }: { filters: ClinicRecordFilters; onClearDates: () => void }) {
  const dated = !!(filters.from || filters.to);
  const what = filters.kind ? KIND_LABELS[filters.kind].many.toLowerCase() : 'records';
  return (
    <Card withBorder radius="lg" p="lg">
      <Stack gap="sm">
        <Text fw={600}>{dated ? `No ${what} from your clinic between these dates` : `No ${what} from your clinic yet`}</Text>
        <Text size="sm" c="dimmed">
          What your clinic records about you appears here once it is ready for you. Results appear once they are final, some only after your
          clinician has reviewed them. Prescriptions, notes written for you and your visits appear as they are made.
        </Text>
        {dated && (
          <Button size="lg" variant="light" onClick={onClearDates}>
            Show all dates
          </Button>
        )}
      </Stack>
    </Card>
  );
}

/** One record, read-only: its kind, what it is, its details, and who at the clinic recorded it. */
function ClinicRecordCard({ r }: { r: PortalRecord }) {
  const isNew = r.kind === 'lab_result' && !!r.lab && !r.lab.acknowledged_at;
  return (
    <li className={classes.card} data-testid="clinic-record" aria-label={`${KIND_LABELS[r.kind].one}: ${r.title}`}>
      <div className={classes.head}>
        <div>
          <p className={classes.kind}>{KIND_LABELS[r.kind].one}</p>
          <h3 className={classes.title}>{r.title}</h3>
        </div>
        {isNew && (
          <Badge color="blue" variant="filled" size="md" radius="sm" style={{ flexShrink: 0 }}>
            New
          </Badge>
        )}
      </div>
      {r.lab && <LabDetails r={r} lab={r.lab} />}
      {r.prescription && <PrescriptionDetails r={r} p={r.prescription} />}
      {r.note && (
        <>
          <p className={classes.detail}>{formatDate(r.date)}</p>
          <p className={classes.body}>{r.note.body}</p>
        </>
      )}
      {r.appointment && (
        <>
          <p className={`${classes.text} ${classes.strong}`}>{formatMoment(r.appointment.starts_at)}</p>
          <p className={classes.detail}>
            {[modeWords(r.appointment.mode), r.appointment.practice, statusWords(r.status)].filter(Boolean).join(' · ')}
          </p>
        </>
      )}
      <p className={classes.source} data-testid="record-source">
        From your clinic{r.recorded_by ? ` · ${r.recorded_by}` : ''}
      </p>
      {r.lab && <ReadState id={r.id} acknowledgedAt={r.lab.acknowledged_at} />}
    </li>
  );
}

function LabDetails({ r, lab }: { r: PortalRecord; lab: NonNullable<PortalRecord['lab']> }) {
  const flag = lab.flag ? FLAG_LOOKS[lab.flag] : null;
  const range = labRange(lab);
  return (
    <>
      <div className={classes.row}>
        <span className={classes.value}>{labValue(lab)}</span>
        {flag && (
          <Badge color={flag.color} variant={flag.filled ? 'filled' : 'light'} size="md" radius="sm" data-testid="lab-flag">
            {flag.label}
          </Badge>
        )}
      </div>
      {range && <p className={classes.detail}>{range}</p>}
      <p className={classes.detail}>{formatDate(r.date)}</p>
      {lab.comment && (
        <p className={classes.text}>
          <span className={classes.strong}>Your clinician&apos;s comment:</span> {lab.comment}
        </p>
      )}
      {lab.reviewed_at && (
        <p className={classes.reviewed}>
          <IconCircleCheck size={18} aria-hidden="true" />
          Reviewed by your clinician
        </p>
      )}
    </>
  );
}

function PrescriptionDetails({ r, p }: { r: PortalRecord; p: NonNullable<PortalRecord['prescription']> }) {
  const how = [p.dose, p.frequency, p.route].filter(Boolean).join(' · ');
  const dates = p.start_date
    ? `Started ${formatDay(p.start_date)}${p.end_date ? `, until ${formatDay(p.end_date)}` : ''}`
    : p.end_date
      ? `Until ${formatDay(p.end_date)}`
      : formatDate(r.date);
  return (
    <>
      <div className={classes.row}>
        <Badge color={r.status === 'active' ? 'teal' : 'gray'} variant="light" size="md" radius="sm">
          {statusWords(r.status)}
        </Badge>
        {how && <span className={classes.strong}>{how}</span>}
      </div>
      {p.instructions && <p className={classes.text}>{p.instructions}</p>}
      <p className={classes.detail}>
        {dates}
        {p.refills ? ` · ${p.refills === 1 ? '1 refill' : `${p.refills} refills`}` : ''}
      </p>
    </>
  );
}

/** A new result's "Mark as read", or when the patient read it. */
function ReadState({ id, acknowledgedAt }: { id: string; acknowledgedAt: string | null }) {
  const ack = useAcknowledgeResult();
  // The answer says when at once; the list's refetch follows.
  const readAt = acknowledgedAt ?? ack.data?.lab?.acknowledged_at ?? null;
  if (readAt) return <p className={classes.read}>Read on {formatDate(readAt)}</p>;
  return (
    <Stack gap="xs" mt="sm" align="flex-start">
      <Button size="md" mih={44} variant="light" loading={ack.isPending} onClick={() => ack.mutate(id)}>
        Mark as read
      </Button>
      {ack.isError && (
        <p className={classes.error} role="alert">
          Could not mark it as read: {errorMessage(ack.error)}
        </p>
      )}
    </Stack>
  );
}

/** The patient's choice about sensitive results, with what it does in one line. */
function SensitiveResultsChoice({ prefs }: { prefs: ReturnType<typeof useRecordPreferences> }) {
  const save = useUpdateRecordPreferences();
  if (prefs.isPending) return <Skeleton h={96} radius="lg" aria-label="Loading your choice about sensitive results" />;
  if (prefs.isError) return <LoadError what="your choice about sensitive results" error={prefs.error} onRetry={() => prefs.refetch()} />;
  const checked = save.isPending ? save.variables.delay_sensitive_results : prefs.data.delay_sensitive_results;
  return (
    <Card withBorder radius="lg" p="md">
      <Switch
        size="md"
        checked={checked}
        disabled={save.isPending}
        onChange={(e) => save.mutate({ delay_sensitive_results: e.currentTarget.checked })}
        label="Show sensitive results only after my clinician has reviewed them"
        description="Some results, such as genetic or HIV tests, are easier to read with your clinician's explanation: they wait here until your clinician has looked at them."
        styles={{ label: { fontWeight: 600 }, body: { alignItems: 'flex-start' } }}
      />
      {save.isError && (
        <Text size="sm" c="red.8" mt="xs" role="alert">
          Could not save your choice: {errorMessage(save.error)}
        </Text>
      )}
    </Card>
  );
}
