// Create / edit a task, validated with the shared schema.
import { FormError } from '../../components/states';
import { Button, Group, Select, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { TASK_PRIORITIES, TASK_STATUSES, taskBody, type TaskPriority, type TaskStatus } from '../../../shared/schemas/tasks';
import { humanize } from '../../components/labels';
import { useStaffUsers } from '../users/useStaffUsers';
import { orNull, useZodForm } from '../../components/useZodForm';
import { LinkedRecordPicker } from './LinkedRecordPicker';
import { isLinkedType, type TaskBodyInput, type TaskItem, type TaskLinkedType } from './api';

export function TaskForm({
  task,
  defaults,
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  task?: TaskItem;
  defaults?: { assignee_user_id?: string; linked_type?: TaskLinkedType; linked_id?: string };
  busy: boolean;
  error: unknown;
  onSubmit: (b: TaskBodyInput) => void;
  onCancel: () => void;
}) {
  const staff = useStaffUsers();
  const linkedType: TaskLinkedType | '' = isLinkedType(task?.linked_type) ? task.linked_type : (defaults?.linked_type ?? '');
  const f = useZodForm({
    initial: {
      title: task?.title ?? '',
      description: task?.description ?? '',
      assignee_user_id: task?.assignee_user_id ?? defaults?.assignee_user_id ?? '',
      priority: task?.priority ?? ('Medium' as TaskPriority),
      status: task?.status ?? ('open' as TaskStatus),
      due_date: task?.due_date ?? '',
      linked_type: linkedType,
      linked_id: task?.linked_id ?? defaults?.linked_id ?? '',
    },
    schema: taskBody,
    toBody: (v) => ({
      title: v.title,
      description: orNull(v.description),
      assignee_user_id: orNull(v.assignee_user_id),
      priority: v.priority,
      status: v.status,
      due_date: orNull(v.due_date),
      linked_type: v.linked_type || null,
      linked_id: orNull(v.linked_id),
    }),
    labels: {
      title: 'Title',
      description: 'Description',
      assignee_user_id: 'Assignee',
      priority: 'Priority',
      status: 'Status',
      due_date: 'Due date',
      linked_type: 'Linked to',
      linked_id: 'Linked record',
    },
    serverError: error,
  });
  return (
    <form onSubmit={f.handleSubmit(onSubmit)} noValidate>
      <Stack gap="sm">
        <FormError error={f.serverError} />
        <TextInput label="Title" required data-autofocus {...f.text('title')} />
        <Textarea label="Description" autosize minRows={2} {...f.text('description')} />
        <SimpleGrid cols={2}>
          <Select label="Assignee" placeholder="Unassigned" clearable data={staff.options} {...f.select('assignee_user_id')} />
          <TextInput label="Due date" type="date" {...f.text('due_date')} />
          <Select
            label="Priority"
            data={TASK_PRIORITIES.map((p) => ({ value: p, label: p }))}
            allowDeselect={false}
            {...f.select('priority')}
          />
          <Select
            label="Status"
            data={TASK_STATUSES.map((s) => ({ value: s, label: humanize(s) }))}
            allowDeselect={false}
            {...f.select('status')}
          />
        </SimpleGrid>
        <LinkedRecordPicker
          type={f.values.linked_type}
          id={f.values.linked_id}
          onChange={(t, id) => {
            f.set('linked_type', t);
            f.set('linked_id', id);
          }}
          error={f.errorOf('linked_id')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            {task ? 'Save' : 'Create task'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
