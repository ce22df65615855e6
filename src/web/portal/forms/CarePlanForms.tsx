// The add / change forms of a care plan and of a goal (CarePlansPage), loaded when one is opened:
// their zod schemas and the Autocomplete are not in the page's first load (issue 11).
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { z } from 'zod';
import { ActionIcon, Autocomplete, Button, Group, NativeSelect, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import {
  CARE_PLAN_STATUSES,
  carePlanBody,
  carePlanPatch,
  GOAL_STATUSES,
  goalBody,
  goalPatch,
} from '../../../shared/schemas/portal-care-plans';
import { MEASURE_SPECS, MEASURES, type Measure } from '../../../shared/units';
import { useCarePlanMutations, type CarePlanItem, type GoalItem } from '../../features/portal-care-plans/api';
import { GOAL_STATUS, isMeasure, measureLabel, PLAN_STATUS } from '../records/labels';
import { RecordFormShell, shellProps } from '../records/RecordDrawer';
import { deleteFromForm } from '../records/undo';
import { numberOrNull, numberText, textOrNull, textsOf, useRecordForm } from '../records/useRecordForm';

export function PlanForm({ editing, onDone }: { editing: CarePlanItem | null; onDone: () => void }) {
  const navigate = useNavigate();
  const { create, update, remove, restore } = useCarePlanMutations();
  const mutation = editing ? update : create;
  const labels = { title: 'Title', description: 'What this plan is about', status: 'Status', start_date: 'Start date' };
  const f = useRecordForm({
    initial: {
      ...textsOf(editing, ['title', 'description', 'start_date']),
      status: editing?.status ?? 'active',
    },
    schema: editing ? carePlanPatch : carePlanBody,
    toBody: (v) => ({
      title: v.title,
      description: textOrNull(v.description),
      status: v.status as CarePlanItem['status'],
      start_date: textOrNull(v.start_date),
    }),
    labels,
    serverError: mutation.error,
  });
  // A new plan's body is checked by carePlanBody (the schema of useRecordForm, when not editing).
  const save = (body: z.input<typeof carePlanPatch>) => {
    if (editing) update.mutate({ id: editing.id, version: editing.version, body }, { onSuccess: onDone });
    else
      create.mutate(body as z.input<typeof carePlanBody>, { onSuccess: (saved) => (onDone(), navigate(`/portal/care-plans/${saved.id}`)) });
  };
  const leave = () => (onDone(), navigate('/portal/care-plans'));
  const onDelete = deleteFromForm(editing, leave, (p) => ({
    what: `${p.title} deleted`,
    remove: () => remove.mutateAsync(p.id),
    restore: () => restore.mutateAsync(p.id),
  }));
  return (
    <RecordFormShell {...shellProps(f, { noun: 'plan', changing: !!editing, save, saving: mutation.isPending, onDelete, onDone })}>
      <TextInput label={labels.title} placeholder="For example: Get fitter this winter" size="lg" data-autofocus {...f.text('title')} />
      <Textarea label={`${labels.description} (optional)`} size="lg" autosize minRows={2} maxLength={4000} {...f.text('description')} />
      <Group grow align="flex-start" gap="sm">
        <NativeSelect
          label={labels.status}
          size="lg"
          data={CARE_PLAN_STATUSES.map((s) => ({ value: s, label: PLAN_STATUS[s] }))}
          {...f.text('status')}
        />
        <TextInput label={labels.start_date} type="date" size="lg" {...f.text('start_date')} />
      </Group>
    </RecordFormShell>
  );
}

type Step = { id?: string; title: string; done: boolean };

export function GoalForm({ plan, editing, onDone }: { plan: CarePlanItem; editing: GoalItem | null; onDone: () => void }) {
  const { createGoal, updateGoal, removeGoal, restoreGoal } = useCarePlanMutations();
  const mutation = editing ? updateGoal : createGoal;
  const [steps, setSteps] = useState<Step[]>(editing?.action_items.map((a) => ({ id: a.id, title: a.title, done: a.done })) ?? []);
  const labels = {
    title: 'Goal',
    measure: 'What you measure',
    unit: 'Unit',
    baseline_value: 'Where you start',
    target_value: 'Target',
    current_value: 'Where you are now',
    due_date: 'By when',
    status: 'Status',
    action_items: 'Steps',
  };
  const f = useRecordForm({
    initial: {
      ...textsOf(editing, ['title', 'measure', 'unit', 'due_date']),
      baseline_value: numberText(editing?.baseline_value),
      target_value: numberText(editing?.target_value),
      // A value the vitals stand in for is not the goal's own.
      current_value: editing?.current_source === 'entered' ? numberText(editing.current_value) : '',
      status: editing?.status ?? 'in_progress',
    },
    schema: editing ? goalPatch : goalBody,
    toBody: (v) => ({
      title: v.title,
      measure: textOrNull(measureKeyOf(v.measure)),
      unit: textOrNull(v.unit),
      baseline_value: numberOrNull(v.baseline_value),
      target_value: numberOrNull(v.target_value),
      current_value: numberOrNull(v.current_value),
      due_date: textOrNull(v.due_date),
      status: v.status as GoalItem['status'],
      action_items: steps
        .filter((s) => s.title.trim() !== '')
        .map((s) => ({ ...(s.id ? { id: s.id } : {}), title: s.title.trim(), done: s.done })),
    }),
    labels,
    serverError: mutation.error,
  });
  const vitals = isMeasure(measureKeyOf(f.values.measure));
  const spec = vitals ? MEASURE_SPECS[measureKeyOf(f.values.measure) as Measure] : null;

  const save = (body: z.input<typeof goalPatch>) => {
    if (editing) updateGoal.mutate({ planId: plan.id, goalId: editing.id, version: editing.version, body }, { onSuccess: onDone });
    else createGoal.mutate({ planId: plan.id, body: body as z.input<typeof goalBody> }, { onSuccess: onDone });
  };
  const goal = (g: GoalItem) => ({ planId: plan.id, goalId: g.id });
  const onDelete = deleteFromForm(editing, onDone, (g) => ({
    what: `${g.title} deleted`,
    remove: () => removeGoal.mutateAsync(goal(g)),
    restore: () => restoreGoal.mutateAsync(goal(g)),
  }));

  return (
    <RecordFormShell {...shellProps(f, { noun: 'goal', changing: !!editing, save, saving: mutation.isPending, onDelete, onDone })}>
      <TextInput label={labels.title} placeholder="For example: Lose 5 kg" size="lg" data-autofocus {...f.text('title')} />
      <Autocomplete
        label={`${labels.measure} (optional)`}
        placeholder="Weight, steps a day..."
        size="lg"
        data={MEASURES.map((m) => MEASURE_SPECS[m].label)}
        value={measureLabel(f.values.measure)}
        onChange={(v) => f.set('measure', v)}
        error={f.errorOf('measure')}
      />
      {spec && (
        <Text size="sm" c="dimmed" mt={-8}>
          Leave "{labels.current_value}" empty and your latest {spec.label.toLowerCase()} reading is used.
        </Text>
      )}
      {f.values.measure.trim() !== '' &&
        (spec && spec.accepted.length > 1 ? (
          <NativeSelect
            label={labels.unit}
            size="lg"
            data={[{ value: '', label: 'Choose' }, ...spec.accepted.map((u) => ({ value: u, label: u }))]}
            {...f.text('unit')}
          />
        ) : (
          <TextInput label={labels.unit} placeholder={spec ? spec.canonical : 'For example: steps'} size="lg" {...f.text('unit')} />
        ))}
      <Group grow align="flex-start" gap="sm">
        <TextInput label={labels.baseline_value} inputMode="decimal" size="lg" autoComplete="off" {...f.text('baseline_value')} />
        <TextInput label={labels.target_value} inputMode="decimal" size="lg" autoComplete="off" {...f.text('target_value')} />
      </Group>
      <TextInput
        label={`${labels.current_value} (optional)`}
        inputMode="decimal"
        size="lg"
        autoComplete="off"
        {...f.text('current_value')}
      />
      <Group grow align="flex-start" gap="sm">
        <TextInput label={labels.due_date} type="date" size="lg" {...f.text('due_date')} />
        <NativeSelect
          label={labels.status}
          size="lg"
          data={GOAL_STATUSES.map((s) => ({ value: s, label: GOAL_STATUS[s] }))}
          {...f.text('status')}
        />
      </Group>
      <Stack gap="xs" role="group" aria-labelledby="goal-steps">
        <Text size="lg" fw={700} id="goal-steps">
          Steps to get there
        </Text>
        {steps.map((s, i) => (
          <Group key={s.id ?? `new-${i}`} gap="xs" wrap="nowrap" align="flex-end">
            <TextInput
              label={`Step ${i + 1}`}
              size="lg"
              style={{ flex: 1 }}
              value={s.title}
              onChange={(e) => {
                const title = e.currentTarget.value;
                setSteps((list) => list.map((x, j) => (j === i ? { ...x, title } : x)));
              }}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              size={50}
              aria-label={`Remove step ${i + 1}`}
              onClick={() => setSteps((list) => list.filter((_, j) => j !== i))}
            >
              <IconTrash size={20} />
            </ActionIcon>
          </Group>
        ))}
        {f.errorOf('action_items') && (
          <Text size="sm" c="red.8" role="alert">
            {f.errorOf('action_items')}
          </Text>
        )}
        <Button
          variant="light"
          size="md"
          mih={44}
          leftSection={<IconPlus size={18} />}
          onClick={() => setSteps((l) => [...l, { title: '', done: false }])}
        >
          Add a step
        </Button>
      </Stack>
    </RecordFormShell>
  );
}

/** The measure as the API keeps it: a vitals measure by its key when its label was picked, else the words typed. */
function measureKeyOf(v: string): string {
  if (isMeasure(v)) return v;
  const m = MEASURES.find((k) => MEASURE_SPECS[k].label.toLowerCase() === v.trim().toLowerCase());
  return m ?? v;
}
