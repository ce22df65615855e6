// The patient's care plans (issue 11). `/portal/care-plans`: the plans with their progress;
// `/portal/care-plans/:id`: a plan's goals (what to reach, how it is measured, by when, how far along) with
// their steps as checkboxes (a tick saves at once). Plans and goals are added, changed and deleted (undo).
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Anchor, Badge, Button, Card, Checkbox, Group, Progress, Skeleton, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { IconChevronLeft, IconChevronRight, IconPlus } from '@tabler/icons-react';
import {
  toggledItems,
  useCarePlan,
  useCarePlanMutations,
  useCarePlans,
  type CarePlanItem,
  type GoalItem,
} from '../features/portal-care-plans/api';
import { lazyRecordForm } from './forms/lazyForm';
import { formatDay, formatDate, formatNumber } from './records/format';
import { GOAL_STATUS, measureLabel, PLAN_STATUS } from './records/labels';
import { CardList, Detail, LoadError, RecordHeader, RecordListStates, SourceBadge } from './records/RecordList';
import { toastError } from './records/undo';

// The add / change forms come when opened (issue 11: not in the page's first load), both in one chunk.
const forms = () => import('./forms/CarePlanForms');
const PlanForm = lazyRecordForm(() => forms().then((m) => m.PlanForm));
const GoalForm = lazyRecordForm(() => forms().then((m) => m.GoalForm));

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
      <PlanForm opened={adding} title="Add a care plan" onClose={() => setAdding(false)} editing={null} />
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
      <PlanForm opened={editingPlan} title="Change care plan" onClose={() => setEditingPlan(false)} editing={p} />
      <GoalForm
        opened={!!goal}
        title={goal === 'new' ? 'Add a goal' : 'Change goal'}
        onClose={() => setGoal(null)}
        plan={p}
        editing={goal === 'new' ? null : goal}
      />
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
