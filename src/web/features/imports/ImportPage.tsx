// CSV import of leads or patients: choose a file, map columns, dry run, then import with progress.
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
import { errorMessage } from '../../components/states';
import { useUrlState } from '../../components/useUrlState';
import { importKeys, importParams, importService, invalidateImport, rowErrors, type ImportJob, type ImportKind } from './api';
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
  const upload = useMutation({
    mutationFn: (dryRun: boolean) => {
      const id = crypto.randomUUID();
      setRunning({ id, dryRun });
      return importService.upload(kind, file!, importParams({ dryRun, mapping, jobId: id }), me.csrf_token);
    },
    onSuccess: (j) => {
      if (j.dry_run) {
        setDry(j);
        return;
      }
      void invalidateImport(qc, kind);
      notifications.show({
        color: j.status === 'completed' ? 'teal' : 'red',
        message:
          j.status === 'completed'
            ? `Import finished: ${j.created} created, ${j.matched} matched, ${j.failed} failed`
            : `Import failed: ${j.error ?? 'see the report'}`,
      });
      set({ job: j.id }, { resetPage: false });
    },
    onSettled: () => setRunning(null),
  });
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
  });

  const active = s.job ? 4 : running && !running.dryRun ? 3 : dry ? 2 : headers.length ? 1 : 0;
  const reset = () => {
    choose(null, kind);
    upload.reset();
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
              onClick={() => upload.mutate(true)}
            >
              Check without importing
            </Button>
          </Group>
        </Paper>
      )}
      {running && <JobProgress job={progress.data ?? undefined} running kind={kind} dryRun={running.dryRun} onAgain={reset} />}
      {!s.job && !running && dry && (
        <DryRunReport job={dry} busy={upload.isPending} error={dry ? uploadError : null} onImport={() => upload.mutate(false)} />
      )}
      {s.job &&
        !running &&
        (done.isError ? (
          <Alert color="red" role="alert" title="Could not load the import">
            {errorMessage(done.error)}
          </Alert>
        ) : (
          <JobProgress job={done.data ?? undefined} kind={kind} onAgain={reset} />
        ))}
    </Stack>
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
        <Button disabled={ok === 0} loading={busy} onClick={onImport}>
          Import {ok} row{ok === 1 ? '' : 's'}
        </Button>
      </Group>
    </Paper>
  );
}

function JobProgress({
  job,
  running,
  dryRun,
  kind,
  onAgain,
}: {
  job: ImportJob | undefined;
  running?: boolean;
  dryRun?: boolean;
  kind: ImportKind;
  onAgain: () => void;
}) {
  const total = job?.total ?? null;
  const pct = !job ? 0 : total ? Math.round((job.processed / total) * 100) : job.status === 'running' ? 0 : 100;
  const what = dryRun ? 'Checking' : 'Importing';
  const title = running
    ? `${what}…`
    : job?.status === 'completed'
      ? 'Import finished'
      : job?.status === 'failed'
        ? 'Import failed'
        : 'Import';
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h5" mb="xs">
        {title}
      </Title>
      <Progress
        value={running && !job ? 100 : pct}
        animated={running}
        striped={running && !total}
        color={job?.status === 'failed' ? 'red' : 'teal'}
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
      {job?.error && (
        <Alert color="red" mt="sm">
          {job.error}
        </Alert>
      )}
      {job && !running && rowErrors(job).length > 0 && (
        <Text size="sm" c="red" mt="xs">
          {rowErrors(job).length} problem{rowErrors(job).length === 1 ? '' : 's'}; the rows with errors were skipped.
        </Text>
      )}
      {!running && (
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
