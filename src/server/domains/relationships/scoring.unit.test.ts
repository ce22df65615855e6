// The scoring rules at each boundary, on hand-built activity and referral histories.
import { describe, expect, it } from 'vitest';
import { computeLeadScore, computeLoyalty, computeStatus, type ScoreInput } from './scoring';

const NOW = new Date('2025-06-01T12:00:00Z');
const DAY = 86_400_000;
const ago = (d: number) => new Date(NOW.getTime() - d * DAY);

/** Builds the counts from a list of activity ages in days, as the job does from the activity log. */
function input(activityAges: number[], over: Partial<ScoreInput> = {}): ScoreInput {
  const last = activityAges.length ? Math.min(...activityAges) : null;
  return {
    now: NOW,
    createdAt: ago(400),
    currentStatus: 'BUILDING',
    activities30: activityAges.filter((a) => a < 30).length,
    activities90: activityAges.filter((a) => a < 90).length,
    activities180: activityAges.filter((a) => a < 180).length,
    lastActivityAt: last === null ? null : ago(last),
    priority: 'medium',
    employmentStatus: 'employed',
    referralsRecent: 0,
    referralsPrior: 0,
    ...over,
  };
}

describe('relationship status', () => {
  it('is ESTABLISHED above 5 activities in 90 days and BUILDING at exactly 5', () => {
    expect(computeStatus(input([1, 10, 20, 40, 60, 89])).code).toBe('ESTABLISHED');
    expect(computeStatus(input([1, 10, 20, 40, 60])).code).toBe('BUILDING');
  });
  it('is BUILDING at 2 activities and PROSPECTING at 1', () => {
    expect(computeStatus(input([5, 80])).code).toBe('BUILDING');
    expect(computeStatus(input([80])).code).toBe('PROSPECTING');
  });
  it('does not count an activity 90 days or more ago in the 90-day window', () => {
    expect(computeStatus(input([1, 10, 20, 40, 60, 90])).code).toBe('BUILDING');
    expect(computeStatus(input([89.9, 95])).code).toBe('PROSPECTING');
  });
  it('keeps the current status with none in 90 days but some within 180', () => {
    expect(computeStatus(input([100], { currentStatus: 'ESTABLISHED' })).code).toBe('ESTABLISHED');
    expect(computeStatus(input([179], { currentStatus: 'PROSPECTING' })).code).toBe('PROSPECTING');
  });
  it('is DEPRIORITIZED with no activity in 180+ days', () => {
    expect(computeStatus(input([180, 300], { currentStatus: 'ESTABLISHED' })).code).toBe('DEPRIORITIZED');
    expect(computeStatus(input([], { currentStatus: 'BUILDING', createdAt: ago(200) })).code).toBe('DEPRIORITIZED');
  });
  it('does not deprioritize a relationship younger than 180 days without activity', () => {
    expect(computeStatus(input([], { currentStatus: 'PROSPECTING', createdAt: ago(179) })).code).toBe('PROSPECTING');
  });
  it('says why', () => {
    expect(computeStatus(input([1, 2, 3, 4, 5, 6])).reason).toMatch(/6 activities in the last 90 days/);
    expect(computeStatus(input([200])).reason).toMatch(/180\+ days/);
  });
});

describe('lead score', () => {
  it('starts at 1 without activity, medium priority, employed', () => {
    expect(computeLeadScore(input([])).score).toBe(1);
  });
  it('adds 1 for 2-5 activities in 90 days and 2 for more than 5', () => {
    expect(computeLeadScore(input([40, 50])).score).toBe(2);
    expect(computeLeadScore(input([40, 50, 60, 70, 80])).score).toBe(2);
    expect(computeLeadScore(input([40, 50, 60, 70, 80, 85])).score).toBe(3);
    expect(computeLeadScore(input([40])).score).toBe(1);
  });
  it('adds 1 for an activity within the last 30 days (recency), not at 31', () => {
    expect(computeLeadScore(input([30])).score).toBe(2);
    expect(computeLeadScore(input([31])).score).toBe(1);
  });
  it('adds 1 for high priority and takes 1 for low, never below 1', () => {
    expect(computeLeadScore(input([40, 50], { priority: 'high' })).score).toBe(3);
    expect(computeLeadScore(input([40, 50], { priority: 'low' })).score).toBe(1);
    expect(computeLeadScore(input([], { priority: 'low' })).score).toBe(1);
  });
  it('gives community providers +1, capped at 5', () => {
    expect(computeLeadScore(input([40, 50], { employmentStatus: 'community' })).score).toBe(3);
    expect(computeLeadScore(input([1, 2, 3, 4, 5, 6], { priority: 'high' })).score).toBe(5);
    expect(computeLeadScore(input([1, 2, 3, 4, 5, 6], { priority: 'high', employmentStatus: 'community' })).score).toBe(5);
    expect(computeLeadScore(input([1, 2, 3, 4, 5, 6], { employmentStatus: 'community' })).score).toBe(5);
  });
});

describe('loyalty from referral trends', () => {
  const l = (recent: number, prior: number) => computeLoyalty(input([], { referralsRecent: recent, referralsPrior: prior })).code;
  it('is NEUTRAL without referrals', () => expect(l(0, 0)).toBe('NEUTRAL'));
  it('is LOYAL with 3+ recent referrals at least as many as before', () => {
    expect(l(3, 0)).toBe('LOYAL');
    expect(l(3, 3)).toBe('LOYAL');
    expect(l(2, 0)).toBe('NEUTRAL');
    expect(l(4, 5)).toBe('NEUTRAL');
  });
  it('is AT_RISK when referrals fell by half or more from at least 2', () => {
    expect(l(1, 2)).toBe('AT_RISK');
    expect(l(0, 2)).toBe('AT_RISK');
    expect(l(5, 10)).toBe('AT_RISK');
    expect(l(6, 10)).toBe('NEUTRAL');
    expect(l(0, 1)).toBe('NEUTRAL');
  });
});
