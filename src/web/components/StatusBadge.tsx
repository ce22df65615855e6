import { Badge, type BadgeProps } from '@mantine/core';
import { humanize, statusColor } from './labels';

/** The one badge for a status value, same color everywhere in the app. */
export function StatusBadge({ value, ...rest }: { value: string | null | undefined } & Omit<BadgeProps, 'children'>) {
  if (!value) return null;
  return (
    <Badge variant="light" color={statusColor(value)} size="sm" {...rest}>
      {humanize(value)}
    </Badge>
  );
}
