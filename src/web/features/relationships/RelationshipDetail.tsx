// The right panel: header with edit controls, then Overview, Activities, Campaigns and History tabs.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ActionIcon, Badge, Button, Group, ScrollArea, Skeleton, Stack, Tabs, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconX } from '@tabler/icons-react';
import { can } from '../../../shared/permissions';
import { ApiError } from '../../api/client';
import { useMe } from '../../auth';
import { ErrorState } from '../../components/states';
import { invalidateRelationships, relationshipKeys, relationshipService, type FilterOptions } from './api';
import { ActivitiesTab } from './ActivitiesTab';
import { LoyaltyBadge, StatusBadge } from './badges';
import { CampaignsTab } from './CampaignsTab';
import { EditRelationshipForm } from './EditRelationshipForm';
import { HistoryTab } from './HistoryTab';
import { OverviewTab } from './OverviewTab';
import { useUpdateRelationship } from './useUpdateRelationship';

export function RelationshipDetail({ id, options, onClose }: { id: string; options: FilterOptions | undefined; onClose: () => void }) {
  const me = useMe().data!;
  const qc = useQueryClient();
  const [tab, setTab] = useState<string | null>('overview');
  const [editing, setEditing] = useState(false);
  const [baseVersion, setBaseVersion] = useState<number | null>(null);
  const q = useQuery({ queryKey: relationshipKeys.detail(id), queryFn: () => relationshipService.detail(id) });
  const update = useUpdateRelationship(id, options);
  const canWrite = can(me.user.role, 'relationships', 'write');

  if (q.isLoading)
    return (
      <Stack p="sm" aria-busy="true" aria-label="Loading relationship">
        <Skeleton h={28} w="70%" />
        <Skeleton h={16} w="50%" />
        <Skeleton h={120} />
        <Skeleton h={200} />
      </Stack>
    );
  if (q.isError) {
    const gone = q.error instanceof ApiError && (q.error.status === 404 || q.error.status === 403);
    return (
      <Stack p="sm">
        <Group justify="flex-end">
          <ActionIcon variant="subtle" aria-label="Close detail" onClick={onClose}>
            <IconX size={16} />
          </ActionIcon>
        </Group>
        {gone ? (
          <Text size="sm" c="dimmed">
            This relationship does not exist or is not yours to see.
          </Text>
        ) : (
          <ErrorState error={q.error} onRetry={() => q.refetch()} what="this relationship" />
        )}
      </Stack>
    );
  }
  const r = q.data!;
  return (
    <Stack gap={0} h="100%" component="section" aria-label={`Relationship ${r.entity_name}`}>
      <Stack gap={6} p="sm" pb="xs" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Title order={2} size="h4" lineClamp={2}>
              {r.entity_name}
            </Title>
            <Text size="xs" c="dimmed">
              {[r.entity_type.common_name, r.entity_details.specialty, r.entity_details.account].filter(Boolean).join(' · ')}
            </Text>
            <Text size="xs" c="dimmed">
              Liaison: {r.user_name}
            </Text>
          </Stack>
          <Group gap={4} wrap="nowrap">
            {canWrite && !editing && (
              <Button
                size="xs"
                variant="light"
                leftSection={<IconPencil size={14} />}
                onClick={() => {
                  update.reset();
                  setBaseVersion(r.version);
                  setEditing(true);
                }}
              >
                Edit
              </Button>
            )}
            <ActionIcon variant="subtle" color="gray" aria-label="Close detail" onClick={onClose}>
              <IconX size={18} />
            </ActionIcon>
          </Group>
        </Group>
        {!editing && (
          <Group gap={6}>
            <StatusBadge status={r.relationship_status} />
            <LoyaltyBadge loyalty={r.loyalty_status} />
            {r.campaign_count > 0 && (
              <Badge size="sm" variant="outline">
                {r.campaign_count} campaigns
              </Badge>
            )}
          </Group>
        )}
        {editing && (
          <EditRelationshipForm
            key={r.relationship_id}
            record={r}
            options={options}
            busy={update.isPending}
            error={update.error}
            onCancel={() => {
              update.reset();
              setEditing(false);
            }}
            // If-Match carries the version the user started editing from, even when a realtime
            // refresh has meanwhile shown a newer one: their save must not silently overwrite it.
            onSave={(body) =>
              update.mutate(
                { version: baseVersion ?? r.version, body },
                {
                  onSuccess: () => {
                    setEditing(false);
                    notifications.show({ color: 'teal', message: `${r.entity_name} saved` });
                  },
                  onError: async (err) => {
                    if (err instanceof ApiError && err.status === 412) {
                      invalidateRelationships(qc, id);
                      const latest = await q.refetch();
                      if (latest.data) setBaseVersion(latest.data.version); // saving again applies on top of the version now shown
                    }
                  },
                },
              )
            }
          />
        )}
      </Stack>
      <Tabs
        value={tab}
        onChange={setTab}
        keepMounted={false}
        styles={{ tab: { paddingInline: 10, fontSize: 'var(--mantine-font-size-sm)' } }}
        style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}
      >
        <Tabs.List px="sm">
          <Tabs.Tab value="overview">Overview</Tabs.Tab>
          <Tabs.Tab value="activities">Activities</Tabs.Tab>
          <Tabs.Tab value="campaigns">Campaigns</Tabs.Tab>
          <Tabs.Tab value="history">History</Tabs.Tab>
        </Tabs.List>
        <ScrollArea style={{ flex: 1 }} type="auto">
          <div style={{ padding: 'var(--mantine-spacing-sm)' }}>
            <Tabs.Panel value="overview">
              <OverviewTab r={r} />
            </Tabs.Panel>
            <Tabs.Panel value="activities">
              <ActivitiesTab relationshipId={id} />
            </Tabs.Panel>
            <Tabs.Panel value="campaigns">
              <CampaignsTab r={r} options={options} />
            </Tabs.Panel>
            <Tabs.Panel value="history">
              <HistoryTab relationshipId={id} />
            </Tabs.Panel>
          </div>
        </ScrollArea>
      </Tabs>
    </Stack>
  );
}
