// Campaigns of a relationship: its enrolments, enrol in another campaign, withdraw.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, Group, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { errorMessage } from '../../components/states';
import { campaignKeys, campaignService, invalidateRelationships, type FilterOptions, type RelationshipDetail } from './api';
import { formatDate } from './badges';

export function CampaignsTab({ r, options }: { r: RelationshipDetail; options: FilterOptions | undefined }) {
  const qc = useQueryClient();
  const [pick, setPick] = useState<string | null>(null);
  // The campaigns API lists every campaign; the filter options are a fallback when it is unavailable.
  const params = { page_size: 100 };
  const campaigns = useQuery({
    queryKey: campaignKeys.list(params),
    queryFn: () => campaignService.list(params),
    retry: false,
    staleTime: 60_000,
  });
  const all = campaigns.data
    ? campaigns.data.items.map((c) => ({ id: c.campaign_id, name: c.campaign_name, completed: c.status === 'Completed' }))
    : (options?.campaigns ?? []).map((c) => ({ id: c.id, name: c.name, completed: false }));
  const choices = all.filter((c) => !c.completed && !r.campaigns.some((e) => e.campaign_id === c.id && e.enrollment_status !== 'Dropped'));
  const done = (msg: string) => {
    notifications.show({ color: 'teal', message: msg });
    invalidateRelationships(qc, r.relationship_id);
  };
  const enrol = useMutation({
    mutationFn: (id: string) => campaignService.enrol(id, { relationship_ids: [r.relationship_id] }),
    onSuccess: () => {
      setPick(null);
      done('Enrolled');
    },
  });
  const withdraw = useMutation({
    mutationFn: (id: string) => campaignService.withdraw(id, r.relationship_id),
    onSuccess: () => done('Withdrawn from the campaign'),
  });
  const error = enrol.error ?? withdraw.error;
  return (
    <Stack gap="sm">
      {error && (
        <Alert color="red" role="alert">
          {errorMessage(error)}
        </Alert>
      )}
      <Group align="flex-end" gap="xs">
        <Select
          size="xs"
          label="Enrol in campaign"
          placeholder={choices.length ? 'Choose a campaign' : 'No other active campaign'}
          data={choices.map((c) => ({ value: c.id, label: c.name }))}
          value={pick}
          onChange={setPick}
          searchable
          style={{ flex: 1 }}
          disabled={!choices.length}
        />
        <Button size="xs" disabled={!pick} loading={enrol.isPending} onClick={() => pick && enrol.mutate(pick)}>
          Enrol
        </Button>
      </Group>
      {r.campaigns.length === 0 ? (
        <Text size="sm" c="dimmed" ta="center" py="md">
          Not part of any campaign yet.
        </Text>
      ) : (
        r.campaigns.map((c) => (
          <Card key={c.campaign_id} withBorder padding="xs">
            <Group justify="space-between" wrap="nowrap">
              <Stack gap={2}>
                <Text size="sm" fw={500}>
                  {c.campaign_name}
                </Text>
                <Text size="xs" c="dimmed">
                  {formatDate(c.start_date)} – {formatDate(c.end_date)} · enrolled {formatDate(c.enrollment_date)}
                </Text>
              </Stack>
              <Group gap={6} wrap="nowrap">
                <Badge size="xs" variant="light" color={c.status === 'Active' ? 'teal' : 'gray'}>
                  {c.status}
                </Badge>
                <Badge size="xs" variant="outline" color={c.enrollment_status === 'Dropped' ? 'red' : 'blue'}>
                  {c.enrollment_status}
                </Badge>
                {c.enrollment_status === 'Enrolled' && (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color="red"
                    loading={withdraw.isPending && withdraw.variables === c.campaign_id}
                    onClick={() => withdraw.mutate(c.campaign_id)}
                    aria-label={`Withdraw from ${c.campaign_name}`}
                  >
                    Withdraw
                  </Button>
                )}
              </Group>
            </Group>
          </Card>
        ))
      )}
    </Stack>
  );
}
