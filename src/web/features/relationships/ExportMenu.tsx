// Export of the current filtered list as CSV or Excel, with progress while the file streams in.
import { useState } from 'react';
import { Button, Group, Menu, Progress, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload } from '@tabler/icons-react';
import { errorMessage } from '../../components/states';
import type { ExportBody, RelationshipSortField } from '../../../shared/schemas/relationships';
import { relationshipService, type RelationshipFilters } from './api';

type Format = ExportBody['format'];
type ProgressState = { format: Format; bytes: number; rows: number } | null;

const fmtBytes = (n: number) =>
  n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;

export function ExportMenu({
  filters,
  sort,
  total,
}: {
  filters: RelationshipFilters;
  sort: { sort_by: RelationshipSortField; sort_order: 'asc' | 'desc' };
  total: number;
}) {
  const [p, setP] = useState<ProgressState>(null);
  const run = async (format: Format) => {
    let rows = -1; // the CSV header line is not a row
    setP({ format, bytes: 0, rows: 0 });
    try {
      const bytes = await relationshipService.export({ format, filters, ...sort }, (b, chunk) => {
        if (format === 'csv') for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) rows++;
        setP({ format, bytes: b, rows: Math.max(0, rows) });
      });
      notifications.show({ color: 'teal', message: `Exported ${total.toLocaleString()} relationships (${fmtBytes(bytes)})` });
    } catch (err) {
      notifications.show({ color: 'red', title: 'Export failed', message: errorMessage(err) });
    } finally {
      setP(null);
    }
  };
  return (
    <Group gap="xs" wrap="nowrap">
      {p && (
        <Stack gap={2} w={170} role="status" aria-live="polite" aria-label="Export progress">
          <Text size="xs" c="dimmed">
            {p.format === 'csv' ? `${p.rows.toLocaleString()} of ${total.toLocaleString()} rows` : 'Preparing Excel'} · {fmtBytes(p.bytes)}
          </Text>
          <Progress
            size="sm"
            value={p.format === 'csv' && total ? Math.min(100, (p.rows / total) * 100) : 100}
            animated
            striped={p.format !== 'csv'}
          />
        </Stack>
      )}
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button size="xs" variant="default" leftSection={<IconDownload size={14} />} loading={!!p} disabled={total === 0}>
            Export
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{total.toLocaleString()} relationships, current filters</Menu.Label>
          <Menu.Item onClick={() => run('csv')}>CSV (.csv)</Menu.Item>
          <Menu.Item onClick={() => run('xlsx')}>Excel (.xlsx)</Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}
