// One card of the board: draggable with the mouse, "Move to" menu for the keyboard, Enter opens it.
import { ActionIcon, Group, Menu, Paper, Text } from '@mantine/core';
import { IconArrowsMove } from '@tabler/icons-react';
import { LEAD_STAGE_LABELS, LEAD_STAGES, type LeadItem, type LeadStage } from '../../../shared/schemas/leads';
import { fmtMoney } from '../../components/labels';

export const DRAG_TYPE = 'application/x-healthcrm-lead';

export function LeadCard({
  lead,
  canMove,
  onOpen,
  onMove,
}: {
  lead: LeadItem;
  canMove: boolean;
  onOpen: () => void;
  onMove: (stage: LeadStage) => void;
}) {
  return (
    <Paper
      withBorder
      p="xs"
      radius="sm"
      shadow="xs"
      role="listitem"
      aria-label={lead.full_name}
      data-lead-id={lead.id}
      draggable={canMove && !lead.is_archived}
      onDragStart={(e) => {
        e.dataTransfer.setData(DRAG_TYPE, lead.id);
        e.dataTransfer.setData('text/plain', lead.id);
        e.dataTransfer.effectAllowed = 'move';
      }}
      style={{ cursor: canMove ? 'grab' : 'pointer' }}
    >
      <Group justify="space-between" wrap="nowrap" gap={4} align="start">
        <Text
          component="button"
          type="button"
          onClick={onOpen}
          size="sm"
          fw={600}
          ta="left"
          style={{ background: 'none', border: 0, padding: 0, cursor: 'pointer', flex: 1, minWidth: 0 }}
          truncate
        >
          {lead.full_name}
        </Text>
        {canMove && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" size="sm" aria-label={`Move ${lead.full_name} to another stage`}>
                <IconArrowsMove size={14} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>Move to</Menu.Label>
              {LEAD_STAGES.filter((s) => s !== lead.stage).map((s) => (
                <Menu.Item key={s} onClick={() => onMove(s)}>
                  {LEAD_STAGE_LABELS[s]}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      <Text size="xs" c="dimmed" truncate>
        {lead.product_name ?? 'No product'}
        {lead.acquisition_source ? ` · ${lead.acquisition_source.replace(/_/g, ' ')}` : ''}
      </Text>
      <Group justify="space-between" mt={4} gap={4} wrap="nowrap">
        <Text size="xs" fw={500} style={{ flex: 'none' }}>
          {lead.value != null ? fmtMoney(lead.value) : ''}
        </Text>
        <Text size="xs" c="dimmed" truncate style={{ minWidth: 0 }}>
          {lead.owner_name ?? 'Unassigned'}
        </Text>
      </Group>
    </Paper>
  );
}
