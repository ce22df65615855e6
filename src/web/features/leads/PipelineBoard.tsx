// The kanban board: one column per stage with its count and summed value; drop a card to move it.
import { useState } from 'react';
import { Anchor, Badge, Box, Group, Paper, ScrollArea, Skeleton, Stack, Text } from '@mantine/core';
import { LEAD_STAGE_LABELS, LEAD_STAGES, type BoardColumn, type LeadItem, type LeadStage } from '../../../shared/schemas/leads';
import { ErrorState } from '../../components/states';
import { fmtMoney, statusColor } from '../../components/labels';
import type { PipelineState } from './api';
import { useBoard, useMoveLead } from './useLeads';
import { DRAG_TYPE, LeadCard } from './LeadCard';

export function PipelineBoard({
  s,
  canMove,
  onOpen,
  onShowStage,
}: {
  s: PipelineState;
  canMove: boolean;
  onOpen: (id: string) => void;
  onShowStage: (stage: LeadStage) => void;
}) {
  const board = useBoard(s);
  const move = useMoveLead();
  const [over, setOver] = useState<LeadStage | null>(null);

  if (board.isError) return <ErrorState error={board.error} onRetry={() => board.refetch()} what="the pipeline" />;
  const columns: BoardColumn[] = board.data?.columns ?? LEAD_STAGES.map((stage) => ({ stage, count: 0, total_value: 0, items: [] }));
  const all = columns.flatMap((c) => c.items);
  const doMove = (lead: LeadItem | undefined, stage: LeadStage) => {
    if (lead && lead.stage !== stage) move.mutate({ lead, stage });
  };

  return (
    <ScrollArea type="auto" offsetScrollbars>
      <Box
        style={{
          display: 'grid',
          gridTemplateColumns: `repeat(${LEAD_STAGES.length}, minmax(176px, 1fr))`,
          gap: 8,
          minWidth: LEAD_STAGES.length * 184,
        }}
      >
        {columns.map((c) => (
          <Paper
            key={c.stage}
            component="section"
            aria-label={`${LEAD_STAGE_LABELS[c.stage]} column`}
            data-stage={c.stage}
            withBorder
            p="xs"
            bg={over === c.stage ? 'var(--mantine-color-teal-light)' : 'var(--mantine-color-gray-0)'}
            style={{ borderTop: `3px solid var(--mantine-color-${statusColor(c.stage)}-5)`, minHeight: 360 }}
            onDragOver={(e) => {
              if (canMove) {
                e.preventDefault();
                e.dataTransfer.dropEffect = 'move';
                if (over !== c.stage) setOver(c.stage);
              }
            }}
            onDragLeave={(e) => {
              if (!e.currentTarget.contains(e.relatedTarget as Node)) setOver(null);
            }}
            onDrop={(e) => {
              e.preventDefault();
              setOver(null);
              const id = e.dataTransfer.getData(DRAG_TYPE) || e.dataTransfer.getData('text/plain');
              doMove(
                all.find((l) => l.id === id),
                c.stage,
              );
            }}
          >
            <Group justify="space-between" mb={4} wrap="nowrap">
              <Text fw={700} size="sm">
                {LEAD_STAGE_LABELS[c.stage]}
              </Text>
              <Badge variant="light" color={statusColor(c.stage)} aria-label={`${c.count} leads`}>
                {c.count}
              </Badge>
            </Group>
            <Text size="xs" c="dimmed" mb="xs">
              {fmtMoney(c.total_value)} total
            </Text>
            {board.isLoading ? (
              <Stack gap={6} aria-busy="true">
                {[0, 1, 2].map((i) => (
                  <Skeleton key={i} h={64} />
                ))}
              </Stack>
            ) : c.items.length === 0 ? (
              <Text size="xs" c="dimmed" ta="center" py="lg">
                {canMove ? 'No leads here. Drag a card here to move it.' : 'No leads in this stage.'}
              </Text>
            ) : (
              <Stack
                gap={6}
                role="list"
                aria-label={`${LEAD_STAGE_LABELS[c.stage]} leads`}
                mah="calc(100vh - 330px)"
                style={{ overflowY: 'auto', minHeight: 240 }}
                p={2}
              >
                {c.items.map((l) => (
                  <LeadCard key={l.id} lead={l} canMove={canMove} onOpen={() => onOpen(l.id)} onMove={(st) => doMove(l, st)} />
                ))}
              </Stack>
            )}
            {c.count > c.items.length && (
              <Anchor component="button" type="button" size="xs" mt="xs" onClick={() => onShowStage(c.stage)}>
                {c.count - c.items.length} more — show in the table
              </Anchor>
            )}
          </Paper>
        ))}
      </Box>
    </ScrollArea>
  );
}
