// The patient's care plans (issue 11). `/portal/care-plans`: the plans with their progress;
// `/portal/care-plans/:id`: a plan's goals (what to reach, how it is measured, by when, how far along) with
// their steps as checkboxes (a tick saves at once). Plans and goals are added, changed and deleted (undo).
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { z } from 'zod';
import {
  ActionIcon,
  Anchor,
  Autocomplete,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  NativeSelect,
  Progress,
  Skeleton,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { IconChevronLeft, IconChevronRight, IconPlus, IconTrash } from '@tabler/icons-react';
import {
  CARE_PLAN_STATUSES,
  carePlanBody,
  carePlanPatch,
  GOAL_STATUSES,
  goalBody,
  goalPatch,
} from '../../shared/schemas/portal-care-plans';
import { MEASURE_SPECS, MEASURES, type Measure } from '../../shared/units';
import {
  toggledItems,
  useCarePlan,
  useCarePlanMutations,
  useCarePlans,
  type CarePlanItem,
  type GoalItem,
} from '../features/portal-care-plans/api';
import { formatDay, formatDate, formatNumber } from './records/format';
import { RecordDrawer, RecordFormShell } from './records/RecordDrawer';
import { CardList, Detail, LoadError, RecordHeader, RecordListStates, SourceBadge } from './records/RecordList';
import { deleteWithUndo, toastError } from './records/undo';
import { numberOrNull, numberText, textOrNull, useRecordForm } from './records/useRecordForm';

const PLAN_STATUS = { active: 'Active', completed: 'Completed', archived: 'Archived' } as const;
const GOAL_STATUS = { in_progress: 'In progress', achieved: 'Achieved', not_achieved: 'Not achieved' } as const;
const isMeasure = (m: string | null): m is Measure => !!m && (MEASURES as readonly string[]).includes(m);
const measureLabel = (m: string | null) => (isMeasure(m) ? MEASURE_SPECS[m].label : (m ?? ''));

export default function CarePlansPage() {
  const { id } = useParams();
  return id ? <PlanDetail id={id} /> : <PlanList />;
}

function PlanList() {
  const plans = useCarePlans();
  const [adding, setAdding] = useState(false);
  const items = plans.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack>
      <RecordHeader
        title="Care plans"
        intro="Your goals, the steps to reach them, and how far along you are."
        addLabel="Add"
        onAdd={() => setAdding(true)}
      />
      <RecordListStates
        query={plans}
        count={items.length}
        what="your care plans"
        empty={{
          title: 'No care plans yet',
          text: 'A plan holds goals (for example: walk 8,000 steps a day) and the small steps that get you there.',
          addLabel: 'Add your first care plan',
          onAdd: () => setAdding(true),
        }}
      >
        <CardList label="Your care plans">
          {items.map((p) => (
            <Card key={p.id} withBorder radius="lg" p={0} component="li" data-testid="care-plan">
              <UnstyledButton component={Link} to={`/portal/care-plans/${p.id}`} p="md" w="100%" display="block">
                <Group justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
                  <div style={{ minWidth: 0, flex: 1 }}>
                    <Text fw={700} size="lg" style={{ overflowWrap: 'anywhere' }}>
                      {p.title}
                    </Text>
                    <PlanProgress plan={p} />
                  </div>
                  <Stack gap={6} align="flex-end" style={{ flexShrink: 0 }}>
                    <PlanStatusBadge status={p.status} />
                    <SourceBadge source={p.source} />
                  </Stack>
                  <IconChevronRight size={20} aria-hidden="true" style={{ flexShrink: 0, alignSelf: 'center' }} />
                </Group>
              </UnstyledButton>
            </Card>
          ))}
        </CardList>
      </RecordListStates>
      <RecordDrawer opened={adding} title="Add a care plan" onClose={() => setAdding(false)}>
        <PlanForm editing={null} onDone={() => setAdding(false)} />
      </RecordDrawer>
    </Stack>
  );
}

function PlanStatusBadge({ status }: { status: CarePlanItem['status'] }) {
  return (
    <Badge variant="light" color={status === 'active' ? 'teal' : status === 'completed' ? 'blue' : 'gray'} size="md" radius="sm">
      {PLAN_STATUS[status]}
    </Badge>
  );
}

function PlanProgress({ plan }: { plan: CarePlanItem }) {
  const { goals_total: total, goals_achieved: done, percent } = plan.progress;
  const words = total ? `${percent}% of the way · ${done} of ${total} goal${total === 1 ? '' : 's'} achieved` : 'No goals yet';
  return (
    <Stack gap={4} mt={6}>
      <Progress value={percent} size="lg" radius="xl" color="teal" aria-label={`${plan.title}: ${words}`} />
      <Detail>{words}</Detail>
    </Stack>
  );
}

function PlanDetail({ id }: { id: string }) {
  const plan = useCarePlan(id);
  const [editingPlan, setEditingPlan] = useState(false);
  const [goal, setGoal] = useState<GoalItem | 'new' | null>(null);
  const back = (
    <Anchor component={Link} to="/portal/care-plans" size="md" mih={44} display="flex" style={{ alignItems: 'center' }}>
      <IconChevronLeft size={18} aria-hidden="true" /> All care plans
    </Anchor>
  );
  if (plan.isPending)
    return (
      <Stack aria-busy="true" aria-label="Loading">
        {back}
        <Skeleton h={120} radius="lg" />
        <Skeleton h={160} radius="lg" />
      </Stack>
    );
  if (plan.isError)
    return (
      <Stack>
        {back}
        <LoadError what="this care plan" error={plan.error} onRetry={() => plan.refetch()} />
      </Stack>
    );
  const p = plan.data;
  return (
    <Stack>
      {back}
      <Stack gap={6}>
        <Title order={2} style={{ overflowWrap: 'anywhere' }}>
          {p.title}
        </Title>
        <Group gap={6}>
          <PlanStatusBadge status={p.status} />
          <SourceBadge source={p.source} />
        </Group>
        {p.description && <Text style={{ overflowWrap: 'anywhere' }}>{p.description}</Text>}
        {p.start_date && <Detail>Started {formatDay(p.start_date)}</Detail>}
        <PlanProgress plan={p} />
        <Group grow gap="sm" mt="xs">
          <Button variant="default" size="md" mih={44} onClick={() => setEditingPlan(true)}>
            Change plan
          </Button>
          <Button size="md" mih={44} leftSection={<IconPlus size={18} />} onClick={() => setGoal('new')}>
            Add goal
          </Button>
        </Group>
      </Stack>
      <Title order={3} size="h4" mt="sm">
        Goals
      </Title>
      {p.goals.length === 0 ? (
        <Card withBorder radius="lg" p="lg">
          <Stack gap="sm">
            <Text fw={600}>No goals in this plan yet</Text>
            <Text size="sm" c="dimmed">
              A goal says what you want to reach and by when, for example: weigh 75 kg by 1 March.
            </Text>
            <Button size="lg" variant="light" leftSection={<IconPlus size={18} />} onClick={() => setGoal('new')}>
              Add your first goal
            </Button>
          </Stack>
        </Card>
      ) : (
        <CardList label="Goals">
          {p.goals.map((g) => (
            <GoalCard key={g.id} goal={g} onEdit={() => setGoal(g)} />
          ))}
        </CardList>
      )}
      <RecordDrawer opened={editingPlan} title="Change care plan" onClose={() => setEditingPlan(false)}>
        <PlanForm editing={p} onDone={() => setEditingPlan(false)} />
      </RecordDrawer>
      <RecordDrawer opened={!!goal} title={goal === 'new' ? 'Add a goal' : 'Change goal'} onClose={() => setGoal(null)}>
        <GoalForm plan={p} editing={goal === 'new' ? null : goal} onDone={() => setGoal(null)} />
      </RecordDrawer>
    </Stack>
  );
}

/** "75 kg", "8,000 steps". */
const amount = (v: number | null, unit: string | null) => (v === null ? '' : `${formatNumber(v)}${unit ? ` ${unit}` : ''}`);

function GoalCard({ goal: g, onEdit }: { goal: GoalItem; onEdit: () => void }) {
  const { updateGoal } = useCarePlanMutations();
  // The tick shows at once; it is taken back if the save fails.
  const [pending, setPending] = useState<{ id: string; done: boolean } | null>(null);
  const tick = (itemId: string, done: boolean) => {
    setPending({ id: itemId, done });
    updateGoal.mutate(
      { planId: g.care_plan_id, goalId: g.id, version: g.version, body: { action_items: toggledItems(g, itemId, done) } },
      { onError: (err) => toastError('Could not save this step', err), onSettled: () => setPending(null) },
    );
  };
  const target = amount(g.target_value, g.unit);
  const current = amount(g.current_value, g.unit);
  const titleId = `goal-${g.id}`;
  return (
    <Card withBorder radius="lg" p="md" component="li" data-testid="goal" aria-labelledby={titleId}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" align="flex-start" gap="sm">
          <Text fw={700} size="lg" id={titleId} style={{ overflowWrap: 'anywhere' }}>
            {g.title}
          </Text>
          <Badge
            variant="light"
            color={g.status === 'achieved' ? 'teal' : g.status === 'not_achieved' ? 'gray' : 'blue'}
            size="md"
            radius="sm"
            style={{ flexShrink: 0 }}
          >
            {GOAL_STATUS[g.status]}
          </Badge>
        </Group>
        {(g.measure || target) && (
          <Detail>
            {[g.measure && measureLabel(g.measure), target && `target ${target}`].filter(Boolean).join(': ')}
            {g.due_date ? ` by ${formatDay(g.due_date)}` : ''}
          </Detail>
        )}
        {!g.measure && !target && g.due_date && <Detail>By {formatDay(g.due_date)}</Detail>}
        {current && (
          <Detail>
            Now {current}
            {g.current_source === 'vitals' && g.current_measured_at ? ` (your reading of ${formatDate(g.current_measured_at)})` : ''}
          </Detail>
        )}
        <Progress value={g.progress} size="lg" radius="xl" color="teal" aria-label={`${g.title}: ${g.progress}% done`} />
        <Detail>{g.progress}% done</Detail>
        {g.action_items.length > 0 && (
          <Stack gap={2} mt={4} role="group" aria-label={`Steps of ${g.title}`}>
            {g.action_items.map((a) => (
              <Checkbox
                key={a.id}
                size="md"
                label={a.title}
                checked={pending?.id === a.id ? pending.done : a.done}
                disabled={pending !== null}
                onChange={(e) => tick(a.id, e.currentTarget.checked)}
                styles={{ body: { minHeight: 44, alignItems: 'center' }, label: { overflowWrap: 'anywhere' } }}
              />
            ))}
          </Stack>
        )}
        <Group justify="flex-end">
          <Button variant="subtle" size="md" mih={44} onClick={onEdit} aria-label={`Change goal: ${g.title}`}>
            Change goal
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function PlanForm({ editing, onDone }: { editing: CarePlanItem | null; onDone: () => void }) {
  const navigate = useNavigate();
  const { create, update, remove, restore } = useCarePlanMutations();
  const mutation = editing ? update : create;
  const labels = { title: 'Title', description: 'What this plan is about', status: 'Status', start_date: 'Start date' };
  const f = useRecordForm({
    initial: {
      title: editing?.title ?? '',
      description: editing?.description ?? '',
      status: editing?.status ?? 'active',
      start_date: editing?.start_date ?? '',
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
  const submit = f.handleSubmit((body) => {
    if (editing) update.mutate({ id: editing.id, version: editing.version, body }, { onSuccess: onDone });
    else
      create.mutate(body as z.input<typeof carePlanBody>, {
        onSuccess: (saved) => {
          onDone();
          navigate(`/portal/care-plans/${saved.id}`);
        },
      });
  });
  const onDelete = editing
    ? () => {
        onDone();
        navigate('/portal/care-plans');
        void deleteWithUndo({
          what: `${editing.title} deleted`,
          remove: () => remove.mutateAsync(editing.id),
          restore: () => restore.mutateAsync(editing.id),
        });
      }
    : undefined;
  return (
    <RecordFormShell
      onSubmit={submit}
      saving={mutation.isPending}
      serverError={f.serverError}
      saveLabel={editing ? 'Save changes' : 'Save plan'}
      onDelete={onDelete}
      deleteLabel="Delete plan"
      onCancel={onDone}
    >
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

function GoalForm({ plan, editing, onDone }: { plan: CarePlanItem; editing: GoalItem | null; onDone: () => void }) {
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
      title: editing?.title ?? '',
      measure: editing?.measure ?? '',
      unit: editing?.unit ?? '',
      baseline_value: numberText(editing?.baseline_value),
      target_value: numberText(editing?.target_value),
      // A value the vitals stand in for is not the goal's own.
      current_value: editing?.current_source === 'entered' ? numberText(editing.current_value) : '',
      due_date: editing?.due_date ?? '',
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

  const submit = f.handleSubmit((body) => {
    if (editing) updateGoal.mutate({ planId: plan.id, goalId: editing.id, version: editing.version, body }, { onSuccess: onDone });
    else createGoal.mutate({ planId: plan.id, body: body as z.input<typeof goalBody> }, { onSuccess: onDone });
  });
  const onDelete = editing
    ? () => {
        onDone();
        void deleteWithUndo({
          what: `${editing.title} deleted`,
          remove: () => removeGoal.mutateAsync({ planId: plan.id, goalId: editing.id }),
          restore: () => restoreGoal.mutateAsync({ planId: plan.id, goalId: editing.id }),
        });
      }
    : undefined;

  return (
    <RecordFormShell
      onSubmit={submit}
      saving={mutation.isPending}
      serverError={f.serverError}
      saveLabel={editing ? 'Save changes' : 'Save goal'}
      onDelete={onDelete}
      deleteLabel="Delete goal"
      onCancel={onDone}
    >
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
