// CSV import of leads or patients: choose a file, map columns, dry run, then import with progress.
// A running import can be cancelled; an interrupted one resumed with the same file, or cancelled; a
// file imported before is recognised by the server, and the user chooses resume, view or import anyway.
import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  FileInput,
  Group,
  Paper,
  Progress,
  SegmentedControl,
  Stack,
  Stepper,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileTypeCsv } from '@tabler/icons-react';
import { can } from '../../../shared/permissions';
import { useMe } from '../../auth';
import { ConfirmModal } from '../../components/ConfirmModal';
import { errorMessage } from '../../components/states';
import { useUrlState } from '../../components/useUrlState';
import {
  earlierImportOf,
  importKeys,
  importParams,
  importService,
  invalidateImport,
  rowErrors,
  type ImportJob,
  type ImportKind,
} from './api';
import { guessMapping, parseCsv, TARGETS } from './csv';
import { MappingTable } from './MappingTable';

/** The page's state in the URL: what is imported, and the finished job shown. */
type ImportUrlState = Record<'kind' | 'job', string | undefined>;
const DEFAULTS: ImportUrlState = { kind: 'leads', job: undefined };

export default function ImportPage() {
  const me = useMe().data!;
  const [s, set] = useUrlState(DEFAULTS);
  const kind: ImportKind = s.kind === 'patients' ? 'patients' : 'leads';
  const canImport = can(me.user.role, kind, 'write');
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [rows, setRows] = useState<string[][]>([]);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [dry, setDry] = useState<ImportJob | null>(null);
  const headers = rows[0] ?? [];
  const fields = TARGETS[kind];

  /** Reads the start of the file (headers and a preview) and guesses the mapping; the whole file is streamed to the server. */
  const choose = (f: File | null, k: ImportKind) => {
    setFile(f);
    setDry(null);
    setFileError(null);
    if (!f) {
      setRows([]);
      return;
    }
    f.slice(0, 64 * 1024)
      .text()
      .then(
        (t) => {
          const preview = parseCsv(t, 6);
          if (preview.length < 2) {
            setFileError('The file has no data rows: the first row must hold the column names, the next rows the records.');
            setRows([]);
            return;
          }
          setRows(preview);
          setMapping(guessMapping(preview[0]!, TARGETS[k]));
        },
        (e) => setFileError(errorMessage(e)),
      );
  };

  const missing = fields.filter((f) => f.required && !mapping[f.key]);
  const [running, setRunning] = useState<{ id: string; dryRun: boolean } | null>(null);
  /** A real import ended (completed, failed, cancelled): its records refresh and its report is shown. */
  const finished = (j: ImportJob) => {
    void invalidateImport(qc, j.kind);
    notifications.show({
      color: j.status === 'completed' ? 'teal' : j.status === 'cancelled' ? 'gray' : 'red',
      message:
        j.status === 'completed'
          ? `Import finished: ${j.created} created, ${j.matched} matched, ${j.failed} failed`
          : j.status === 'cancelled'
            ? `Import cancelled after ${j.processed} rows; the rows imported until then stay`
            : `Import ${j.status}: ${j.error ?? 'see the report'}`,
    });
    set({ job: j.id, kind: j.kind }, { resetPage: false });
  };
  const upload = useMutation({
    mutationFn: ({ dryRun, onDuplicate }: { dryRun: boolean; onDuplicate?: 'import_anyway' }) => {
      const id = crypto.randomUUID();
      setRunning({ id, dryRun });
      return importService.upload(kind, file!, importParams({ dryRun, mapping, jobId: id, onDuplicate }), me.csrf_token);
    },
    onSuccess: (j) => {
      if (j.dry_run) setDry(j);
      else finished(j);
    },
    onSettled: () => setRunning(null),
  });
  /** Continues an interrupted import with the same file chosen again (checked by the server). */
  const resume = useMutation({
    mutationFn: ({ id, file: f }: { id: string; file: File }) => {
      setRunning({ id, dryRun: false });
      return importService.resume(id, f, me.csrf_token);
    },
    onSuccess: finished,
    onSettled: () => setRunning(null),
  });
  const cancel = useMutation({
    mutationFn: (id: string) => importService.cancel(id),
    onSuccess: (j) => {
      void qc.invalidateQueries({ queryKey: importKeys.all });
      notifications.show({
        color: 'gray',
        message:
          j.status === 'cancelled'
            ? `Import cancelled after ${j.processed} rows; the rows imported until then stay`
            : 'Cancel requested: the import stops after the batch in progress',
      });
    },
    onError: (e) => notifications.show({ color: 'red', message: `Could not cancel: ${errorMessage(e)}` }),
  });
  const earlier = earlierImportOf(upload.error);
  // Progress of the upload that is running (the POST answers only at the end).
  const progress = useQuery({
    queryKey: importKeys.live(running?.id ?? ''),
    queryFn: () => importService.job(running!.id),
    enabled: !!running,
    refetchInterval: 400,
  });
  const done = useQuery({
    queryKey: importKeys.job(s.job ?? ''),
    queryFn: () => importService.job(s.job!),
    enabled: !!s.job && !running,
    // A job another tab or user runs is followed until it ends.
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 1000 : false),
  });

  const active = s.job ? 4 : running && !running.dryRun ? 3 : dry ? 2 : headers.length ? 1 : 0;
  const reset = () => {
    choose(null, kind);
    upload.reset();
    resume.reset();
    set({ job: undefined }, { resetPage: false });
  };
  const uploadError = upload.error;
  return (
    <Stack maw={980}>
      <Title order={2}>Import from CSV</Title>
      <Stepper active={active} size="sm" allowNextStepsSelect={false}>
        <Stepper.Step label="File" description="Choose a CSV file" />
        <Stepper.Step label="Columns" description="Map them to fields" />
        <Stepper.Step label="Check" description="Dry run" />
        <Stepper.Step label="Import" description="With progress" />
      </Stepper>
      {!canImport && <Alert color="yellow">Your role cannot create {kind}; you can look at the import but not run it.</Alert>}
      {!s.job && (
        <Paper withBorder p="md">
          <Group align="end" gap="md">
            <div>
              <Text size="sm" fw={500} mb={4} id="import-kind">
                Import
              </Text>
              <SegmentedControl
                aria-labelledby="import-kind"
                value={kind}
                onChange={(v) => {
                  const next: ImportKind = v === 'patients' ? 'patients' : 'leads';
                  set({ kind: next }, { resetPage: false });
                  choose(file, next);
                }}
                data={[
                  { value: 'leads', label: 'Leads' },
                  { value: 'patients', label: 'Patients' },
                ]}
              />
            </div>
            <FileInput
              label="CSV file"
              placeholder="Choose a .csv file"
              accept=".csv,text/csv"
              leftSection={<IconFileTypeCsv size={16} />}
              value={file}
              onChange={(f) => choose(f, kind)}
              clearable
              w={320}
              error={fileError}
            />
          </Group>
          <Text size="xs" c="dimmed" mt="xs">
            The first row holds the column names. Rows are matched to existing people by email: a known email links the row to that person
            instead of creating a duplicate.
          </Text>
        </Paper>
      )}
      {!s.job && headers.length > 0 && (
        <Paper withBorder p="md">
          <Group justify="space-between" mb="xs">
            <Title order={3} size="h5">
              Columns
            </Title>
            <Text size="xs" c="dimmed">
              Guessed from the column names: check and correct
            </Text>
          </Group>
          <MappingTable
            fields={fields}
            headers={headers}
            rows={rows.slice(1)}
            mapping={mapping}
            onChange={(m) => {
              setMapping(m);
              setDry(null);
            }}
          />
          {uploadError != null && !dry && (
            <Alert color="red" role="alert" mt="sm" title="The check failed">
              {errorMessage(uploadError)}
            </Alert>
          )}
          <Group justify="flex-end" mt="md">
            {missing.length > 0 && (
              <Text size="sm" c="red">
                Map {missing.map((f) => f.label).join(' and ')} first.
              </Text>
            )}
            <Button
              variant={dry ? 'default' : 'filled'}
              disabled={missing.length > 0 || !canImport || !!running}
              loading={running?.dryRun}
              onClick={() => upload.mutate({ dryRun: true })}
            >
              Check without importing
            </Button>
          </Group>
        </Paper>
      )}
      {running && (
        <JobProgress
          job={progress.data ?? undefined}
          running
          kind={kind}
          dryRun={running.dryRun}
          onAgain={reset}
          onCancel={canImport ? () => cancel.mutate(running.id) : undefined}
          cancelling={cancel.isPending}
        />
      )}
      {!s.job && !running && dry && !earlier && (
        <DryRunReport
          job={dry}
          busy={upload.isPending}
          error={dry ? uploadError : null}
          onImport={() => upload.mutate({ dryRun: false })}
        />
      )}
      {!s.job && !running && earlier && file && (
        <DuplicateChoice
          earlier={earlier}
          busy={upload.isPending || resume.isPending}
          onResume={() => resume.mutate({ id: earlier.id, file })}
          onView={() => set({ job: earlier.id, kind: earlier.kind }, { resetPage: false })}
          onAnyway={() => upload.mutate({ dryRun: false, onDuplicate: 'import_anyway' })}
          onBack={() => upload.reset()}
        />
      )}
      {s.job &&
        !running &&
        (done.isError ? (
          <Alert color="red" role="alert" title="Could not load the import">
            {errorMessage(done.error)}
          </Alert>
        ) : (
          <JobProgress
            job={done.data ?? undefined}
            kind={done.data?.kind ?? kind}
            onAgain={reset}
            onCancel={
              canImport && done.data && ['running', 'interrupted'].includes(done.data.status)
                ? () => cancel.mutate(done.data!.id)
                : undefined
            }
            cancelling={cancel.isPending}
            onResume={canImport && done.data?.status === 'interrupted' ? (f) => resume.mutate({ id: done.data!.id, file: f }) : undefined}
            resumeError={resume.error}
          />
        ))}
      {!s.job && !running && !headers.length && <RecentImports onOpen={(j) => set({ job: j.id, kind: j.kind }, { resetPage: false })} />}
    </Stack>
  );
}

const STATUS_COLORS: Record<ImportJob['status'], string> = {
  running: 'blue',
  completed: 'teal',
  failed: 'red',
  interrupted: 'orange',
  cancelled: 'gray',
};
const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
const countsOf = (j: ImportJob) => `${j.processed} rows read · ${j.created} created · ${j.matched} matched · ${j.failed} failed`;

/** The same file was imported before: resume it (when interrupted), look at it, or import it again. */
function DuplicateChoice({
  earlier,
  busy,
  onResume,
  onView,
  onAnyway,
  onBack,
}: {
  earlier: ImportJob;
  busy: boolean;
  onResume: () => void;
  onView: () => void;
  onAnyway: () => void;
  onBack: () => void;
}) {
  const resumable = earlier.status === 'interrupted';
  return (
    <Paper withBorder p="md" role="region" aria-label="This file was imported before">
      <Title order={3} size="h5" mb="xs">
        This file was imported before
      </Title>
      <Group gap="xs" mb="xs">
        <Text size="sm">Started {when(earlier.created_at)}</Text>
        <Badge color={STATUS_COLORS[earlier.status]} variant="light">
          {earlier.status}
        </Badge>
      </Group>
      <Text size="sm" mb="sm">
        {countsOf(earlier)}
      </Text>
      <Text size="sm" c="dimmed" mb="md">
        {resumable ? 'That import stopped before the end of the file. Resuming continues after the rows it already imported. ' : ''}
        Importing anyway makes a new import: rows with an email are matched to the people they created, and rows without an email that the
        earlier import created are not created again.
      </Text>
      <Group justify="flex-end">
        <Anchor component="button" type="button" size="sm" onClick={onBack}>
          Back
        </Anchor>
        <Button variant="default" onClick={onView} disabled={busy}>
          View the earlier import
        </Button>
        <Button variant={resumable ? 'default' : 'filled'} onClick={onAnyway} loading={busy && !resumable}>
          Import anyway
        </Button>
        {resumable && (
          <Button onClick={onResume} loading={busy}>
            Resume the earlier import
          </Button>
        )}
      </Group>
    </Paper>
  );
}

/** The organization's recent imports (not the dry runs): how to find one that was interrupted. */
function RecentImports({ onOpen }: { onOpen: (j: ImportJob) => void }) {
  const list = useQuery({ queryKey: importKeys.list(), queryFn: importService.list });
  const items = (list.data?.items ?? []).filter((j) => !j.dry_run).slice(0, 8);
  if (!items.length) return null;
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h5" mb="xs">
        Recent imports
      </Title>
      <Table.ScrollContainer minWidth={520}>
        <Table fz="sm" verticalSpacing={4} aria-label="Recent imports">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Started</Table.Th>
              <Table.Th>Of</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Rows</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((j) => (
              <Table.Tr key={j.id}>
                <Table.Td>{when(j.created_at)}</Table.Td>
                <Table.Td>{j.kind}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLORS[j.status]} variant="light">
                    {j.status}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {j.processed} read · {j.created} created
                </Table.Td>
                <Table.Td>
                  <Anchor component="button" type="button" size="sm" onClick={() => onOpen(j)}>
                    Open
                  </Anchor>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

function DryRunReport({ job, busy, error, onImport }: { job: ImportJob; busy: boolean; error: unknown; onImport: () => void }) {
  const total = job.total ?? job.processed;
  const ok = total - job.failed;
  const errors = rowErrors(job);
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h5" mb="xs">
        Dry run: nothing was saved
      </Title>
      <Group gap="sm" mb="sm">
        <Badge size="lg" variant="light">
          {total} rows
        </Badge>
        <Badge size="lg" variant="light" color="teal">
          {job.created} new
        </Badge>
        <Badge size="lg" variant="light" color="yellow">
          {job.matched} matched by email
        </Badge>
        <Badge size="lg" variant="light" color={job.failed ? 'red' : 'gray'}>
          {job.failed} with errors
        </Badge>
      </Group>
      {errors.length > 0 && (
        <>
          <Text size="sm" fw={600}>
            Rows with errors (they will be skipped)
          </Text>
          <Table fz="sm" verticalSpacing={2} mb="sm" aria-label="Rows with errors">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Row</Table.Th>
                <Table.Th>Field</Table.Th>
                <Table.Th>Problem</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {errors.slice(0, 100).map((e, i) => (
                <Table.Tr key={i}>
                  <Table.Td>{e.row}</Table.Td>
                  <Table.Td>{e.field ?? '—'}</Table.Td>
                  <Table.Td>{e.message}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {errors.length > 100 && (
            <Text size="xs" c="dimmed">
              …and {errors.length - 100} more (the first ones are listed).
            </Text>
          )}
        </>
      )}
      {(job.matches?.length ?? 0) > 0 && (
        <>
          <Text size="sm" fw={600}>
            Matched existing people by email
          </Text>
          <Table fz="sm" verticalSpacing={2} mb="sm" aria-label="Email matches">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Row</Table.Th>
                <Table.Th>Email</Table.Th>
                <Table.Th>Existing person</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {job.matches!.slice(0, 100).map((m, i) => (
                <Table.Tr key={i}>
                  <Table.Td>{m.row}</Table.Td>
                  <Table.Td>{m.email}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/app/persons/${m.person_id}`} size="sm" target="_blank">
                      Open person
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
      {error != null && (
        <Alert color="red" role="alert" mb="sm" title="Import not started">
          {errorMessage(error)}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button disabled={ok === 0 || busy} loading={busy} onClick={onImport}>
          Import {ok} row{ok === 1 ? '' : 's'}
        </Button>
      </Group>
    </Paper>
  );
}

const TITLES: Record<ImportJob['status'], string> = {
  running: 'Import running',
  completed: 'Import finished',
  failed: 'Import failed',
  interrupted: 'Import interrupted',
  cancelled: 'Import cancelled',
};

function JobProgress({
  job,
  running,
  dryRun,
  kind,
  onAgain,
  onCancel,
  cancelling,
  onResume,
  resumeError,
}: {
  job: ImportJob | undefined;
  running?: boolean;
  dryRun?: boolean;
  kind: ImportKind;
  onAgain: () => void;
  /** Offered while the import runs or is interrupted (after a confirmation). */
  onCancel?: () => void;
  cancelling?: boolean;
  /** Offered for an interrupted import: the same file, chosen again. */
  onResume?: (file: File) => void;
  resumeError?: unknown;
}) {
  const [confirming, setConfirming] = useState(false);
  const [again, setAgain] = useState<File | null>(null);
  const total = job?.total ?? null;
  const live = running || job?.status === 'running';
  const pct = !job ? 0 : total ? Math.round((job.processed / total) * 100) : live ? 0 : 100;
  const what = dryRun ? 'Checking' : 'Importing';
  const title = running ? `${what}…` : job ? TITLES[job.status] : 'Import';
  const stopped = job?.status === 'interrupted' || job?.status === 'cancelled';
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h5" mb="xs">
        {title}
      </Title>
      <Progress
        value={running && !job ? 100 : stopped ? 100 : pct}
        animated={live}
        striped={live && !total}
        color={job ? (job.status === 'completed' || job.status === 'running' ? 'teal' : STATUS_COLORS[job.status]) : 'teal'}
        size="lg"
        aria-label={`${what} progress`}
      />
      {job && (
        <Text size="sm" mt="xs">
          {job.processed}
          {total != null ? ` of ${total}` : ''} rows · {job.created} {dryRun ? 'new' : 'created'} · {job.matched} matched by email ·{' '}
          {job.failed} failed
        </Text>
      )}
      {job?.cancel_requested && job.status === 'running' && (
        <Text size="sm" c="dimmed" mt="xs">
          Cancel requested: the import stops after the batch in progress.
        </Text>
      )}
      {job?.error && (
        <Alert color={job.status === 'failed' ? 'red' : job.status === 'interrupted' ? 'orange' : 'gray'} mt="sm">
          {job.error}
        </Alert>
      )}
      {job?.status === 'interrupted' && onResume && (
        <Paper withBorder p="sm" mt="sm">
          <Text size="sm" mb="xs">
            To resume, choose the same file again: the import continues after the {job.processed} rows it already read, and nothing is
            imported twice.
          </Text>
          <Group align="end" gap="sm">
            <FileInput
              label="The same CSV file"
              placeholder="Choose the file"
              accept=".csv,text/csv"
              leftSection={<IconFileTypeCsv size={16} />}
              value={again}
              onChange={setAgain}
              clearable
              w={300}
              error={resumeError ? errorMessage(resumeError) : undefined}
            />
            <Button disabled={!again} onClick={() => again && onResume(again)}>
              Resume
            </Button>
          </Group>
        </Paper>
      )}
      {onCancel && !job?.cancel_requested && (
        <Group mt="md">
          <Button variant="default" color="red" onClick={() => setConfirming(true)} loading={cancelling}>
            Cancel import
          </Button>
        </Group>
      )}
      <ConfirmModal
        opened={confirming}
        title="Cancel this import?"
        confirmLabel="Cancel import"
        busy={cancelling}
        onConfirm={() => {
          setConfirming(false);
          onCancel?.();
        }}
        onClose={() => setConfirming(false)}
      >
        {job?.status === 'interrupted'
          ? 'The import stays stopped for good: the rows it already imported stay, the rest of the file is not imported.'
          : 'The import stops after the batch in progress: the rows imported until then stay, the rest of the file is not imported.'}
      </ConfirmModal>
      {job && !running && rowErrors(job).length > 0 && (
        <Text size="sm" c="red" mt="xs">
          {rowErrors(job).length} problem{rowErrors(job).length === 1 ? '' : 's'}; the rows with errors were skipped.
        </Text>
      )}
      {!live && (
        <Group mt="md">
          <Button
            component={Link}
            to={kind === 'leads' ? '/app/pipeline?view=table&sort_by=created_at' : '/app/patients?sort_by=created_at&sort_order=desc'}
          >
            Open the {kind}
          </Button>
          <Anchor component="button" type="button" onClick={onAgain} size="sm">
            Import another file
          </Anchor>
        </Group>
      )}
    </Paper>
  );
}
