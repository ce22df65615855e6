// A day or week calendar in plain CSS grid: one column per day, appointments placed by their time.
import { humanize } from '../../components/labels';
import { Box, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import type { AppointmentItem } from './api';
import { fmtTime, statusColor } from '../../components/labels';
import { addDays, sameDay } from './dates';

const FIRST_HOUR = 7;
const LAST_HOUR = 20;
const HOUR_PX = 48;

export function CalendarGrid({
  start,
  days,
  items,
  onOpen,
  onSlot,
}: {
  start: Date;
  days: number;
  items: AppointmentItem[];
  onOpen: (a: AppointmentItem) => void;
  onSlot?: (at: Date) => void;
}) {
  const cols = Array.from({ length: days }, (_, i) => addDays(start, i));
  const hours = Array.from({ length: LAST_HOUR - FIRST_HOUR }, (_, i) => FIRST_HOUR + i);
  const today = new Date();
  return (
    <Box
      role="region"
      aria-label={days === 1 ? 'Day calendar' : 'Week calendar'}
      style={{
        display: 'grid',
        gridTemplateColumns: `56px repeat(${days}, minmax(110px, 1fr))`,
        border: '1px solid var(--mantine-color-gray-3)',
        borderRadius: 8,
        overflow: 'hidden',
      }}
    >
      <Box style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }} />
      {cols.map((d) => (
        <Box
          key={d.toISOString()}
          p={6}
          ta="center"
          bg={sameDay(d, today) ? 'var(--mantine-color-teal-light)' : 'var(--mantine-color-gray-0)'}
          style={{ borderBottom: '1px solid var(--mantine-color-gray-3)', borderLeft: '1px solid var(--mantine-color-gray-3)' }}
        >
          <Text size="sm" fw={600}>
            {d.toLocaleDateString([], { weekday: 'short', day: 'numeric', month: 'short' })}
          </Text>
        </Box>
      ))}
      <Box>
        {hours.map((h) => (
          <Text key={h} size="xs" c="dimmed" ta="right" pr={6} h={HOUR_PX} style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
            {String(h).padStart(2, '0')}:00
          </Text>
        ))}
      </Box>
      {cols.map((d) => {
        const mine = items.filter((a) => sameDay(new Date(a.starts_at), d));
        return (
          <Box
            key={d.toISOString()}
            role="group"
            aria-label={d.toLocaleDateString([], { weekday: 'long', day: 'numeric', month: 'long' })}
            pos="relative"
            style={{ borderLeft: '1px solid var(--mantine-color-gray-3)', height: hours.length * HOUR_PX }}
          >
            {hours.map((h) => (
              <Box
                key={h}
                h={HOUR_PX}
                style={{ borderTop: '1px solid var(--mantine-color-gray-2)', cursor: onSlot ? 'copy' : undefined }}
                onDoubleClick={
                  onSlot
                    ? () => {
                        const at = new Date(d);
                        at.setHours(h, 0, 0, 0);
                        onSlot(at);
                      }
                    : undefined
                }
              />
            ))}
            {mine.map((a) => {
              const s = new Date(a.starts_at);
              const e = new Date(a.ends_at);
              const startMin = Math.max(0, (s.getHours() - FIRST_HOUR) * 60 + s.getMinutes());
              const endMin = Math.min(hours.length * 60, (e.getHours() - FIRST_HOUR) * 60 + e.getMinutes() + (sameDay(s, e) ? 0 : 24 * 60));
              const top = (startMin / 60) * HOUR_PX;
              const height = Math.max(22, ((endMin - startMin) / 60) * HOUR_PX - 2);
              const color = statusColor(a.status);
              return (
                <UnstyledButton
                  key={a.id}
                  onClick={() => onOpen(a)}
                  pos="absolute"
                  style={{
                    top,
                    left: 3,
                    right: 3,
                    height,
                    overflow: 'hidden',
                    padding: '2px 6px',
                    borderRadius: 6,
                    background: `var(--mantine-color-${color}-1)`,
                    borderLeft: `3px solid var(--mantine-color-${color}-6)`,
                    textDecoration: a.status === 'cancelled' ? 'line-through' : undefined,
                  }}
                >
                  <Text size="xs" fw={600} truncate>
                    {fmtTime(a.starts_at)} {a.patient_name}
                  </Text>
                  {height > 30 && (
                    <Text size="xs" c="dimmed" truncate>
                      {a.mode === 'virtual' ? 'Virtual' : (a.practice_name ?? 'In person')} · {a.clinician_name ?? a.staff_name ?? ''}
                    </Text>
                  )}
                  <VisuallyHidden>, {humanize(a.status)}</VisuallyHidden>
                </UnstyledButton>
              );
            })}
          </Box>
        );
      })}
    </Box>
  );
}
