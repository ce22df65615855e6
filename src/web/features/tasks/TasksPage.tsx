// Tasks (003): my tasks, overdue, due today or all; create, edit, complete.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Anchor, Button, Checkbox, Group, Modal, MultiSelect, Paper, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import type { ColumnDef } from '@tanstack/react-table';
import { can } from '../../../shared/permissions';
import { TASK_PRIORITIES, TASK_SORTS, TASK_STATUSES, TASK_VIEWS } from '../../../shared/schemas/tasks';
import { ApiError } from '../../api/client';
import { useMe } from '../../auth';
import { DataTable, Pager } from '../../components/DataTable';
import { EmptyState, ErrorState, TableSkeleton, errorMessage } from '../../components/states';
import { useUrlState } from '../../components/useUrlState';
import { fmtDate, humanize, localDate } from '../../components/labels';
import { StatusBadge } from '../../components/StatusBadge';
import { TaskForm } from './TaskForm';
import { invalidateTasks, taskKeys, taskService, type TaskBodyInput, type TaskItem, type TaskListParams } from './api';

/** The screen's state in the URL: the view, the filters, the page and sort, and the task being edited. */
type UrlState = {
  view: string | undefined;
  mine: string | undefined;
  status: string | undefined;
  priority: string | undefined;
  search: string | undefined;
  page: string | undefined;
  page_size: string | undefined;
  sort_by: string | undefined;
  sort_order: string | undefined;
  task: string | undefined;
};
const DEFAULTS: UrlState = {
  view: 'mine',
  mine: undefined,
  status: 'open,in_progress',
  priority: undefined,
  search: undefined,
  page: '1',
  page_size: '50',
  sort_by: 'due_date',
  sort_order: 'asc',
  task: undefined,
};
/** The values of a URL parameter that the list query accepts (anything else is left out, not sent). */
const oneOf = <T extends string>(all: readonly T[], v: string | undefined): T | undefined => all.find((x) => x === v);
const someOf = <T extends string>(all: readonly T[], v: string | undefined): T[] | undefined =>
  v?.split(',').flatMap((x) => all.filter((a) => a === x));
const VIEW_LABEL: Record<string, string> = { mine: 'My tasks', overdue: 'Overdue', due_today: 'Due today', all: 'All tasks' };

export const linkHref = (type: string | null, id: string | null) =>
  !type || !id ? null : type === 'lead' ? `/app/pipeline?lead=${id}` : type === 'patient' ? `/app/patients/${id}` : null;

export default function TasksPage() {
  const me = useMe().data!;
  const canWrite = can(me.user.role, 'tasks', 'write');
  const [s, set] = useUrlState(DEFAULTS);
  const [searchInput, setSearchInput] = useState(s.search ?? '');
  const [debounced] = useDebouncedValue(searchInput, 300);
  // The box writes to the URL once typing pauses; only a new debounced value does (a reset of the URL must not be undone).
  const lastDebounced = useRef(debounced);
  useEffect(() => {
    if (lastDebounced.current === debounced) return;
    lastDebounced.current = debounced;
    if ((debounced || undefined) !== s.search) set({ search: debounced || undefined });
  }, [debounced, s.search, set]);
  useHotkeys([['/', () => document.getElementById('tasks-search')?.focus()]]);
  const [creating, setCreating] = useState(false);
  const qc = useQueryClient();
  const q: TaskListParams = {
    view: oneOf(TASK_VIEWS, s.view),
    assignee_user_id: s.mine && s.view !== 'mine' ? me.user.id : undefined,
    status: s.status === 'any' ? undefined : someOf(TASK_STATUSES, s.status),
    priority: someOf(TASK_PRIORITIES, s.priority),
    search: s.search,
    today: localDate(),
    page: Number(s.page),
    page_size: Number(s.page_size),
    sort_by: oneOf(TASK_SORTS, s.sort_by),
    sort_order: s.sort_order === 'desc' ? 'desc' : 'asc',
  };
  const list = useQuery({
    queryKey: taskKeys.list(q),
    queryFn: () => taskService.list(q),
    placeholderData: keepPreviousData,
  });
  const items = list.data?.items ?? [];
  const editing = s.task ? items.find((t) => t.id === s.task) : undefined;
  const closeForm = () => {
    setCreating(false);
    set({ task: undefined }, { resetPage: false });
    save.reset();
  };

  const save = useMutation({
    mutationFn: (b: TaskBodyInput) => (editing ? taskService.update(editing.id, b, editing.version) : taskService.create(b)),
    onSuccess: (t) => {
      void invalidateTasks(qc);
      notifications.show({ color: 'teal', message: `Task "${t.title}" saved` });
      closeForm();
    },
    onError: (err) => {
      // Someone else changed it since: show the current version.
      if (err instanceof ApiError && err.status === 412) void qc.invalidateQueries({ queryKey: taskKeys.all });
    },
  });
  const complete = useMutation({
    mutationFn: (t: TaskItem) => taskService.update(t.id, { status: t.status === 'done' ? 'open' : 'done' }),
    onSuccess: (t) => {
      void invalidateTasks(qc);
      notifications.show({ color: 'teal', message: t.status === 'done' ? `"${t.title}" completed` : `"${t.title}" reopened` });
    },
    onError: (err) => notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(err) }),
  });

  const columns = useMemo<ColumnDef<TaskItem, unknown>[]>(
    () => [
      ...(canWrite
        ? [
            {
              id: 'done',
              size: 36,
              header: () => (
                <Text size="xs" fw={600}>
                  Done
                </Text>
              ),
              cell: ({ row }) => (
                <Checkbox
                  aria-label={`Complete ${row.original.title}`}
                  checked={
                    complete.isPending && complete.variables?.id === row.original.id
                      ? row.original.status !== 'done'
                      : row.original.status === 'done'
                  }
                  disabled={row.original.status === 'cancelled'}
                  onClick={(e) => e.stopPropagation()}
                  onChange={() => complete.mutate(row.original)}
                />
              ),
            } satisfies ColumnDef<TaskItem, unknown>,
          ]
        : []),
      {
        id: 'title',
        header: 'Title',
        cell: ({ row }) => (
          <Text size="sm" fw={500} td={row.original.status === 'done' ? 'line-through' : undefined}>
            {row.original.title}
          </Text>
        ),
      },
      { id: 'priority', header: 'Priority', cell: ({ row }) => <StatusBadge value={row.original.priority} /> },
      { id: 'status', header: 'Status', cell: ({ row }) => <StatusBadge value={row.original.status} /> },
      {
        id: 'due_date',
        header: 'Due',
        cell: ({ row }) => (
          <Text
            size="sm"
            c={row.original.is_overdue ? 'red' : undefined}
            fw={row.original.is_overdue ? 600 : undefined}
            style={{ whiteSpace: 'nowrap' }}
          >
            {fmtDate(row.original.due_date)}
            {row.original.is_overdue ? ' · overdue' : ''}
          </Text>
        ),
      },
      { id: 'assignee', header: 'Assignee', cell: ({ row }) => row.original.assignee_name ?? 'Unassigned' },
      {
        id: 'linked',
        header: 'About',
        cell: ({ row }) => {
          const href = linkHref(row.original.linked_type, row.original.linked_id);
          return href ? (
            <Anchor component={Link} to={href} size="sm" onClick={(e: React.MouseEvent) => e.stopPropagation()}>
              {humanize(row.original.linked_type)}
            </Anchor>
          ) : row.original.linked_type ? (
            humanize(row.original.linked_type)
          ) : (
            '—'
          );
        },
      },
    ],
    [canWrite, complete],
  );

  const filtered = !!(s.search || s.priority || s.status !== DEFAULTS.status);
  const clear = () => {
    setSearchInput('');
    set({ search: undefined, priority: undefined, status: undefined });
  };
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Tasks</Title>
        {canWrite && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            New task
          </Button>
        )}
      </Group>
      <SegmentedControl
        aria-label="Task view"
        w="fit-content"
        value={s.view ?? 'mine'}
        onChange={(v) => set({ view: v })}
        data={Object.entries(VIEW_LABEL).map(([value, label]) => ({ value, label }))}
      />
      <Paper withBorder p="sm">
        <Group gap="sm" align="end" wrap="wrap">
          <TextInput
            id="tasks-search"
            label="Search"
            placeholder="Title or description  ( / )"
            leftSection={<IconSearch size={16} />}
            value={searchInput}
            onChange={(e) => setSearchInput(e.currentTarget.value)}
            w={260}
          />
          <MultiSelect
            label="Status"
            placeholder={s.status !== 'any' ? undefined : 'Any status'}
            clearable
            data={TASK_STATUSES.map((x) => ({ value: x, label: humanize(x) }))}
            value={s.status && s.status !== 'any' ? s.status.split(',') : []}
            onChange={(v) => set({ status: v.length ? v.join(',') : 'any' })}
            w={320}
          />
          <MultiSelect
            label="Priority"
            placeholder={s.priority ? undefined : 'Any priority'}
            clearable
            data={TASK_PRIORITIES.map((x) => x)}
            value={s.priority?.split(',') ?? []}
            onChange={(v) => set({ priority: v.join(',') || undefined })}
            w={220}
          />
          {s.view !== 'mine' && (
            <Checkbox
              label="Only mine"
              checked={!!s.mine}
              onChange={(e) => set({ mine: e.currentTarget.checked ? '1' : undefined })}
              mb={8}
            />
          )}
          {filtered && (
            <Button variant="subtle" onClick={clear}>
              Reset filters
            </Button>
          )}
        </Group>
      </Paper>
      <Paper withBorder p="sm">
        {list.isLoading ? (
          <TableSkeleton cols={6} />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => list.refetch()} what="tasks" />
        ) : items.length === 0 ? (
          <EmptyState
            title={
              filtered
                ? 'No tasks match these filters'
                : s.view === 'overdue'
                  ? 'Nothing overdue'
                  : s.view === 'due_today'
                    ? 'Nothing due today'
                    : 'No open tasks'
            }
            action={
              filtered ? (
                <Button variant="light" onClick={clear}>
                  Reset filters
                </Button>
              ) : canWrite ? (
                <Button variant="light" onClick={() => setCreating(true)}>
                  New task
                </Button>
              ) : undefined
            }
          >
            {filtered
              ? 'Try another status or priority.'
              : s.view === 'mine'
                ? 'Tasks assigned to you appear here. Create one, or look at "All tasks".'
                : 'Well done. Open tasks with a due date show up here when they are due.'}
          </EmptyState>
        ) : (
          <>
            <DataTable
              caption={VIEW_LABEL[s.view ?? 'mine']}
              data={items}
              columns={columns}
              rowKey={(t) => t.id}
              sortable={['due_date', 'priority']}
              sort={{ sortBy: s.sort_by, sortOrder: s.sort_order as 'asc' | 'desc' }}
              onSortChange={(x) => set({ sort_by: x.sortBy, sort_order: x.sortOrder })}
              onRowOpen={canWrite ? (t) => set({ task: t.id }, { resetPage: false }) : undefined}
              selectedKey={s.task}
            />
            <Pager
              page={Number(s.page)}
              pageSize={Number(s.page_size)}
              total={list.data!.total_count}
              onPage={(p) => set({ page: String(p) }, { resetPage: false })}
              onPageSize={(n) => set({ page_size: String(n) })}
            />
          </>
        )}
      </Paper>
      <Modal opened={creating || !!editing} onClose={closeForm} title={editing ? 'Edit task' : 'New task'} size="lg">
        {(creating || editing) && (
          <TaskForm
            key={editing?.id ?? 'new'}
            task={editing}
            defaults={{ assignee_user_id: me.user.id }}
            busy={save.isPending}
            error={save.error}
            onSubmit={(b) => save.mutate(b)}
            onCancel={closeForm}
          />
        )}
      </Modal>
    </Stack>
  );
}
