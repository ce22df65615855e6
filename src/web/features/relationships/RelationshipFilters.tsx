// The left panel: every filter of the API, with counts from /filter-options, in collapsible sections.
import { Accordion, Badge, Button, Group, ScrollArea, SimpleGrid, Skeleton, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import type { FilterOptions } from './api';
import { LeadScoreStars, LoyaltyBadge } from './badges';
import { CheckboxFilter, DebouncedNumber, DebouncedText, MultiFilter, type CountedOption } from './FilterControls';
import { SavedViewsControl } from './SavedViewsControl';
import { activeFilterCount, type ArrayKey, type Patch, type ScalarKey, type UrlState } from './urlState';

type Props = {
  state: UrlState;
  options: FilterOptions | undefined;
  optionsError: boolean;
  set: (p: Patch) => void;
  clearAll: () => void;
  userId: string;
  currentQuery: string;
  openView: (query: string) => void;
  /** In a Drawer, whose title already says Filters. */
  inDrawer?: boolean;
};

const SECTIONS: { id: string; keys: (ArrayKey | ScalarKey)[] }[] = [
  { id: 'owner', keys: ['user', 'mine'] },
  { id: 'status', keys: ['status', 'loyalty', 'score'] },
  { id: 'activity', keys: ['after', 'before', 'days_min', 'days_max'] },
  { id: 'entity', keys: ['type', 'specialty'] },
  { id: 'location', keys: ['geo', 'city'] },
  { id: 'campaign', keys: ['campaign'] },
];

export function RelationshipFilters({
  state,
  options: o,
  optionsError,
  set,
  clearAll,
  userId,
  currentQuery,
  openView,
  inDrawer = false,
}: Props) {
  useHotkeys([['/', () => document.getElementById('relationship-search')?.focus()]]);
  const active = (keys: (ArrayKey | ScalarKey)[]) =>
    keys.reduce(
      (n, k) => n + ((k in state.arrays ? state.arrays[k as ArrayKey].length : state.scalars[k as ScalarKey] ? 1 : 0) ? 1 : 0),
      0,
    );
  const arr = (k: ArrayKey) => ({ value: state.arrays[k], onChange: (v: string[]) => set({ [k]: v }) });
  const sc = (k: ScalarKey) => state.scalars[k] ?? '';
  const counted = (rows: { value: string; relationship_count: number }[] | undefined): CountedOption[] =>
    (rows ?? []).map((r) => ({ value: r.value, label: r.value, count: r.relationship_count }));
  const total = activeFilterCount(state);
  const q = sc('q');
  const title = (id: string, text: string) => {
    const n = active(SECTIONS.find((s) => s.id === id)!.keys);
    return (
      <Group gap={6}>
        {text}
        {n > 0 && (
          <Badge size="xs" circle aria-label={`${n} active`}>
            {n}
          </Badge>
        )}
      </Group>
    );
  };
  // Sections with an active filter start open, so a bookmarked view shows what narrows it.
  const defaultOpen = ['status', ...SECTIONS.filter((s) => active(s.keys) > 0).map((s) => s.id)];

  return (
    <Stack gap="sm" h="100%" component="section" aria-label="Filters">
      <Group justify={inDrawer ? 'flex-end' : 'space-between'}>
        {!inDrawer && <Text fw={600}>Filters</Text>}
        <Button size="compact-xs" variant="subtle" disabled={total === 0} onClick={clearAll}>
          Clear all{total ? ` (${total})` : ''}
        </Button>
      </Group>
      <SavedViewsControl userId={userId} currentQuery={currentQuery} openView={openView} />
      <DebouncedText
        id="relationship-search"
        size="xs"
        label="Search"
        placeholder="Name, account, notes  ( / )"
        leftSection={<IconSearch size={14} />}
        value={q}
        onCommit={(v) => set({ q: v || null })}
        description={q && q.trim().length < 3 ? 'Type at least 3 characters' : undefined}
      />
      <ScrollArea style={{ flex: 1 }} offsetScrollbars type="auto">
        {optionsError && (
          <Text size="xs" c="red" role="alert" mb="xs">
            Could not load the filter choices; typed filters still work.
          </Text>
        )}
        {!o && !optionsError ? (
          <Stack gap="xs" aria-label="Loading filters">
            {Array.from({ length: 8 }, (_, i) => (
              <Skeleton key={i} h={18} />
            ))}
          </Stack>
        ) : (
          <Accordion
            multiple
            defaultValue={defaultOpen}
            variant="filled"
            chevronPosition="right"
            styles={{
              control: { paddingInline: 6 },
              label: { paddingBlock: 6, fontSize: 'var(--mantine-font-size-sm)', fontWeight: 500 },
              content: { paddingInline: 6 },
            }}
          >
            <Accordion.Item value="owner">
              <Accordion.Control>{title('owner', 'Owner')}</Accordion.Control>
              <Accordion.Panel>
                <Stack gap="xs">
                  <Switch
                    size="xs"
                    label="My relationships only"
                    checked={sc('mine') === 'true'}
                    onChange={(e) => set({ mine: e.currentTarget.checked ? 'true' : null })}
                  />
                  {(o?.users.length ?? 0) > 1 && (
                    <MultiFilter
                      label="Liaisons"
                      placeholder="Any liaison"
                      options={(o?.users ?? []).map((u) => ({ value: u.id, label: u.name, count: u.relationship_count }))}
                      {...arr('user')}
                    />
                  )}
                </Stack>
              </Accordion.Panel>
            </Accordion.Item>
            <Accordion.Item value="status">
              <Accordion.Control>{title('status', 'Status and score')}</Accordion.Control>
              <Accordion.Panel>
                <Stack gap="sm">
                  <CheckboxFilter
                    label="Relationship status"
                    options={(o?.relationship_statuses ?? []).map((s) => ({
                      value: String(s.id),
                      label: s.display_name,
                      count: s.relationship_count,
                    }))}
                    {...arr('status')}
                  />
                  <CheckboxFilter
                    label="Loyalty"
                    options={(o?.loyalty_statuses ?? []).map((s) => ({
                      value: String(s.id),
                      label: s.display_name,
                      count: s.relationship_count,
                      color: s.color_hex,
                    }))}
                    {...arr('loyalty')}
                    render={(x) => <LoyaltyBadge loyalty={{ display_name: x.label, color_hex: x.color! }} />}
                  />
                  <CheckboxFilter
                    label="Lead score"
                    options={(o?.lead_scores ?? [])
                      .slice()
                      .sort((a, b) => b.score - a.score)
                      .map((s) => ({ value: String(s.score), label: `${s.score} stars`, count: s.relationship_count }))}
                    {...arr('score')}
                    render={(x) => <LeadScoreStars score={Number(x.value)} size="xs" />}
                  />
                </Stack>
              </Accordion.Panel>
            </Accordion.Item>
            <Accordion.Item value="activity">
              <Accordion.Control>{title('activity', 'Last activity')}</Accordion.Control>
              <Accordion.Panel>
                <SimpleGrid cols={2} spacing="xs">
                  <TextInput
                    size="xs"
                    type="date"
                    label="Activity from"
                    value={sc('after')}
                    max={sc('before') || undefined}
                    onChange={(e) => set({ after: e.currentTarget.value || null })}
                  />
                  <TextInput
                    size="xs"
                    type="date"
                    label="Activity to"
                    value={sc('before')}
                    min={sc('after') || undefined}
                    onChange={(e) => set({ before: e.currentTarget.value || null })}
                  />
                  <DebouncedNumber label="Min days since" value={sc('days_min')} onCommit={(v) => set({ days_min: v || null })} />
                  <DebouncedNumber label="Max days since" value={sc('days_max')} onCommit={(v) => set({ days_max: v || null })} />
                </SimpleGrid>
              </Accordion.Panel>
            </Accordion.Item>
            <Accordion.Item value="entity">
              <Accordion.Control>{title('entity', 'Entity and specialty')}</Accordion.Control>
              <Accordion.Panel>
                <Stack gap="sm">
                  <CheckboxFilter
                    label="Entity type"
                    options={(o?.entity_types ?? []).map((t) => ({
                      value: String(t.id),
                      label: t.common_name,
                      count: t.relationship_count,
                    }))}
                    {...arr('type')}
                  />
                  <MultiFilter label="Specialty" placeholder="Any specialty" options={counted(o?.specialty_counts)} {...arr('specialty')} />
                </Stack>
              </Accordion.Panel>
            </Accordion.Item>
            <Accordion.Item value="location">
              <Accordion.Control>{title('location', 'Location')}</Accordion.Control>
              <Accordion.Panel>
                <Stack gap="sm">
                  <MultiFilter label="Geography" placeholder="Any region" options={counted(o?.geography_counts)} {...arr('geo')} />
                  <MultiFilter label="City" placeholder="Any city" options={counted(o?.city_counts)} {...arr('city')} />
                </Stack>
              </Accordion.Panel>
            </Accordion.Item>
            <Accordion.Item value="campaign">
              <Accordion.Control>{title('campaign', 'Campaigns')}</Accordion.Control>
              <Accordion.Panel>
                <MultiFilter
                  label="Campaign"
                  placeholder="Any campaign"
                  options={(o?.campaigns ?? []).map((c) => ({ value: c.id, label: c.name, count: c.relationship_count }))}
                  {...arr('campaign')}
                />
              </Accordion.Panel>
            </Accordion.Item>
          </Accordion>
        )}
      </ScrollArea>
    </Stack>
  );
}
