// The consistent badges of this screen: relationship status, loyalty (its lookup color), lead score stars.
import { Badge, Text } from '@mantine/core';

const STATUS_COLORS: Record<string, string> = { ESTABLISHED: 'teal', BUILDING: 'blue', PROSPECTING: 'grape', DEPRIORITIZED: 'gray' };

export function StatusBadge({ status }: { status: { code: string; display_name: string } }) {
  return (
    <Badge size="sm" variant="light" tt="none" color={STATUS_COLORS[status.code] ?? 'gray'}>
      {status.display_name}
    </Badge>
  );
}

/** Picks dark or white text so the lookup's color stays readable (WCAG AA). */
function textOn(hex: string) {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex);
  if (!m) return '#fff';
  const n = parseInt(m[1], 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return lum > 0.18 ? '#1a1b1e' : '#fff';
}

export function LoyaltyBadge({ loyalty }: { loyalty: { display_name: string; color_hex: string } | null }) {
  if (!loyalty)
    return (
      <Text size="xs" c="dimmed">
        —
      </Text>
    );
  return (
    <Badge size="sm" variant="filled" tt="none" styles={{ root: { background: loyalty.color_hex, color: textOn(loyalty.color_hex) } }}>
      {loyalty.display_name}
    </Badge>
  );
}

/** Plain text stars: 50 rows of Mantine Rating (5 radio inputs each) cost ~1 s of rendering on a slow machine. */
export function LeadScoreStars({ score, size = 'sm' }: { score: number; size?: 'xs' | 'sm' | 'md' }) {
  const px = size === 'xs' ? 14 : size === 'sm' ? 17 : 20;
  return (
    <span
      role="img"
      aria-label={`Lead score ${score} of 5`}
      style={{ fontSize: px, lineHeight: 1, letterSpacing: 1, whiteSpace: 'nowrap', color: 'var(--mantine-color-orange-6)' }}
    >
      {'★'.repeat(score)}
      <span style={{ color: 'var(--mantine-color-gray-4)' }}>{'★'.repeat(Math.max(0, 5 - score))}</span>
    </span>
  );
}

export function daysAgo(days: number | null) {
  if (days === null) return 'No activity';
  if (days === 0) return 'Today';
  if (days === 1) return '1 day ago';
  return `${days} days ago`;
}

export const formatDate = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleDateString() : '—');
export const formatDateTime = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '—';
