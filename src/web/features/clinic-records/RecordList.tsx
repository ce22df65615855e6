// The rows of one kind of clinic record: a table on a wide card, stacked rows on a phone (RecordList.module.css);
// the badge saying whether the patient sees a record; loading, empty and error states; pages.
import { ActionIcon, Badge, Button, Group, Menu, Pagination, Skeleton, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconDots, IconEye, IconEyeOff } from '@tabler/icons-react';
import type { UseQueryResult } from '@tanstack/react-query';
import { ErrorState } from '../../components/states';
import type { ClinicPage } from './api';
import type { Visibility } from './visibility';
import classes from './RecordList.module.css';

export function VisibilityBadge({ v }: { v: Visibility }) {
  if (v.visible)
    return (
      <Badge size="sm" variant="light" color="green" leftSection={<IconEye size={12} aria-hidden />}>
        Visible to patient
      </Badge>
    );
  return (
    <Stack gap={0} align="flex-start">
      <Badge size="sm" variant="light" color="gray" leftSection={<IconEyeOff size={12} aria-hidden />}>
        Not released
      </Badge>
      <Text size="xs" c="dimmed">
        {v.reason}
      </Text>
    </Stack>
  );
}

export function RecordRow({ children, deleted, label }: { children: React.ReactNode; deleted?: boolean; label: string }) {
  return (
    <div role="listitem" aria-label={label} className={`${classes.row} ${deleted ? classes.deleted : ''}`}>
      {children}
    </div>
  );
}

/** A row's actions: `children` first (e.g. "Mark reviewed"), then Edit, then "Mark entered in error" in a menu. */
export function RowActions({
  name,
  onEdit,
  onDelete,
  children,
}: {
  name: string;
  onEdit?: () => void;
  onDelete?: () => void;
  children?: React.ReactNode;
}) {
  return (
    <div className={classes.actions}>
      {children}
      {onEdit && (
        <Button size="compact-xs" variant="subtle" onClick={onEdit}>
          Edit
        </Button>
      )}
      {onDelete && (
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon variant="subtle" color="gray" size="sm" aria-label={`More actions for ${name}`}>
              <IconDots size={16} aria-hidden />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item color="red" leftSection={<IconAlertTriangle size={14} aria-hidden />} onClick={onDelete}>
              Mark entered in error
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      )}
    </div>
  );
}

/** One kind's list with its states: `columns` are the headers of the wide layout (the last is the actions'). */
export function RecordList<T extends { id: string }>({
  query,
  label,
  columns,
  template,
  empty,
  page,
  onPage,
  children,
}: {
  query: UseQueryResult<ClinicPage<T>>;
  label: string;
  columns: string[];
  /** grid-template-columns of the wide layout. */
  template: string;
  empty: React.ReactNode;
  page: number;
  onPage: (p: number) => void;
  children: (item: T) => React.ReactNode;
}) {
  if (query.isLoading)
    return (
      <Stack gap={6} aria-busy="true" aria-label={`Loading ${label.toLowerCase()}`}>
        <Skeleton h={44} />
        <Skeleton h={44} />
        <Skeleton h={44} />
      </Stack>
    );
  if (query.isError) return <ErrorState error={query.error} onRetry={() => query.refetch()} what={label.toLowerCase()} />;
  const data = query.data!;
  if (data.items.length === 0)
    return (
      <Text size="sm" c="dimmed" py="sm">
        {empty}
      </Text>
    );
  const style = { '--record-cols': template } as React.CSSProperties;
  return (
    <Stack gap="xs">
      <div className={classes.list} style={style}>
        <div role="list" aria-label={label} className={classes.grid}>
          <div className={classes.head} aria-hidden="true">
            {columns.map((c, i) => (
              <span key={i}>{c}</span>
            ))}
          </div>
          {data.items.map((item) => children(item))}
        </div>
      </div>
      {data.total_pages > 1 && (
        <Group justify="space-between" gap="xs">
          <Text size="xs" c="dimmed">
            {data.total_count} in all
          </Text>
          <Pagination
            size="sm"
            total={data.total_pages}
            value={page}
            onChange={onPage}
            getControlProps={(c) => ({
              'aria-label': c === 'previous' ? `Previous ${label.toLowerCase()}` : c === 'next' ? `Next ${label.toLowerCase()}` : c,
            })}
          />
        </Group>
      )}
    </Stack>
  );
}
