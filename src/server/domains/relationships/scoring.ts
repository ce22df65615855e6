// The scoring rules of doc 000 (status, lead score) and the loyalty rule from referral trends, as pure
// functions so the job, the services and the tests share one definition. See docs/relationships.md.

export type StatusCode = 'ESTABLISHED' | 'BUILDING' | 'PROSPECTING' | 'DEPRIORITIZED';
export type LoyaltyCode = 'LOYAL' | 'AT_RISK' | 'NEUTRAL';

export type ScoreInput = {
  now: Date;
  createdAt: Date;
  currentStatus: StatusCode;
  /** Completed activities in the last 30 / 90 / 180 days. */
  activities30: number;
  activities90: number;
  activities180: number;
  lastActivityAt: Date | null;
  priority: 'high' | 'medium' | 'low' | string;
  employmentStatus: string | null;
  /** Referrals in the last 90 days and in the 90 days before those. */
  referralsRecent: number;
  referralsPrior: number;
};

const DAY = 86_400_000;

export function computeStatus(i: ScoreInput): { code: StatusCode; reason: string } {
  const n = i.activities90;
  if (n > 5) return { code: 'ESTABLISHED', reason: `${n} activities in the last 90 days (more than 5)` };
  if (n >= 2) return { code: 'BUILDING', reason: `${n} activities in the last 90 days (2-5)` };
  if (n === 1) return { code: 'PROSPECTING', reason: '1 activity in the last 90 days' };
  // No activity in 90 days. Deprioritized only after 180+ days of silence: a relationship younger
  // than 180 days has not been silent that long yet.
  const silentSince = i.lastActivityAt ?? i.createdAt;
  if (i.activities180 === 0 && i.now.getTime() - silentSince.getTime() >= 180 * DAY) {
    return {
      code: 'DEPRIORITIZED',
      reason: i.lastActivityAt ? 'no activity in 180+ days' : 'no activity since it was created 180+ days ago',
    };
  }
  // 0 in 90 days but some within 180 (or too young to judge): keep the current status.
  return { code: i.currentStatus, reason: 'no activity in 90 days but some within 180: status kept' };
}

export function computeLeadScore(i: ScoreInput): { score: number; reason: string } {
  const parts: string[] = [];
  let s = 1;
  if (i.activities90 > 5) {
    s += 2;
    parts.push('frequency +2');
  } else if (i.activities90 >= 2) {
    s += 1;
    parts.push('frequency +1');
  }
  if (i.lastActivityAt && i.now.getTime() - i.lastActivityAt.getTime() <= 30 * DAY) {
    s += 1;
    parts.push('recent activity +1');
  }
  if (i.priority === 'high') {
    s += 1;
    parts.push('high priority +1');
  } else if (i.priority === 'low') {
    s -= 1;
    parts.push('low priority -1');
  }
  s = Math.min(5, Math.max(1, s));
  if (i.employmentStatus === 'community') {
    s = Math.min(5, s + 1);
    parts.push('community provider +1');
  }
  return { score: s, reason: `lead score ${s}: base 1${parts.length ? ', ' + parts.join(', ') : ''}` };
}

export function computeLoyalty(i: ScoreInput): { code: LoyaltyCode; reason: string } {
  const r = i.referralsRecent,
    p = i.referralsPrior;
  if (p >= 2 && r * 2 <= p) return { code: 'AT_RISK', reason: `referrals fell from ${p} to ${r} (last 90 days vs the 90 before)` };
  if (r >= 3 && r >= p) return { code: 'LOYAL', reason: `${r} referrals in the last 90 days (${p} in the 90 before)` };
  return { code: 'NEUTRAL', reason: `no clear referral pattern (${r} in the last 90 days, ${p} in the 90 before)` };
}

export function scoreRelationship(i: ScoreInput) {
  return { status: computeStatus(i), leadScore: computeLeadScore(i), loyalty: computeLoyalty(i) };
}
