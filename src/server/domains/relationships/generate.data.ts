// Deterministic synthetic data of the Relationship Manager: every value is a pure function of
// (seed, anchor day, index), so each table can be produced in its own streaming pass.
import { computeStatus, computeLeadScore, computeLoyalty } from './scoring';
import { STATUS, LOYALTY } from './relationships.lookups';

export type Size = 'tiny' | 'small' | 'large';
export const SIZES: Record<
  Size,
  {
    relationships: number;
    activities: number;
    persons: number;
    referrals: number;
    claims: number;
    sites: number;
    liaisons: number;
    campaigns: number;
  }
> = {
  tiny: { relationships: 600, activities: 6_000, persons: 1_200, referrals: 1_200, claims: 400, sites: 60, liaisons: 4, campaigns: 4 },
  small: {
    relationships: 10_000,
    activities: 100_000,
    persons: 20_000,
    referrals: 20_000,
    claims: 6_000,
    sites: 600,
    liaisons: 12,
    campaigns: 12,
  },
  large: {
    relationships: 1_000_000,
    activities: 10_000_000,
    persons: 500_000,
    referrals: 1_000_000,
    claims: 400_000,
    sites: 20_000,
    liaisons: 200,
    campaigns: 40,
  },
};

const DAY = 86_400_000;

/** A small, fast hash-based PRNG: rng(seed, stream, index) is reproducible anywhere. */
export function mix(a: number, b: number, c = 0): number {
  let h = (a ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (b >>> 0), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13) ^ (c >>> 0), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
export function rng(seed: number, stream: number, index: number) {
  let s = mix(seed, stream, index) || 1;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(r: () => number, a: readonly T[]) => a[Math.floor(r() * a.length)]!;

/** A UUID (v7 layout) from a time and the PRNG: deterministic and time-ordered. */
export function detUuid(ms: number, r: () => number): string {
  const hex = (n: number, w: number) => Math.floor(n).toString(16).padStart(w, '0');
  const t = hex(Math.max(0, ms), 12);
  const rand = () => hex(r() * 0x10000, 4);
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${rand().slice(1)}-${hex(0x8000 | (r() * 0x3fff), 4)}-${rand()}${rand()}${rand()}`;
}

const FIRST = [
  'James',
  'Mary',
  'Robert',
  'Patricia',
  'John',
  'Jennifer',
  'Michael',
  'Linda',
  'David',
  'Elizabeth',
  'William',
  'Barbara',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Charles',
  'Karen',
  'Priya',
  'Wei',
  'Carlos',
  'Fatima',
  'Ahmed',
  'Olga',
  'Kenji',
  'Amara',
  'Diego',
  'Ines',
];
const LAST = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Perez',
  'Thompson',
  'White',
  'Harris',
  'Sanchez',
  'Clark',
  'Ramirez',
  'Lewis',
  'Robinson',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Torres',
  'Nguyen',
  'Hill',
  'Flores',
  'Patel',
  'Chen',
  'Kim',
  'Singh',
  'Cohen',
];
export const SPECIALTIES = [
  'Cardiology',
  'Orthopedics',
  'Primary Care',
  'Oncology',
  'Neurology',
  'Gastroenterology',
  'Pulmonology',
  'Urology',
  'Dermatology',
  'Endocrinology',
  'Nephrology',
  'Obstetrics & Gynecology',
  'Pediatrics',
  'Radiology',
  'General Surgery',
  'Rheumatology',
];
export const GEOGRAPHIES = ['North Region', 'South Region', 'East Region', 'West Region', 'Central Region', 'Metro'];
const CITIES: Record<string, string[]> = {
  'North Region': ['Fairview', 'Lakeside', 'Northfield', 'Pine Ridge'],
  'South Region': ['Riverton', 'Southport', 'Magnolia', 'Oak Hill'],
  'East Region': ['Eastbrook', 'Harbor City', 'Seaview'],
  'West Region': ['Westfield', 'Canyon', 'Sunset Valley', 'Mesa'],
  'Central Region': ['Midvale', 'Centerville', 'Springdale'],
  Metro: ['Downtown', 'Uptown', 'Midtown'],
};
const TITLES = ['MD', 'DO', 'Chief of Service', 'Attending Physician', 'Medical Director', 'NP', 'PA', 'Office Manager'];
const PRACTICE_WORDS = ['Heart', 'Bone & Joint', 'Family', 'Valley', 'Summit', 'Riverside', 'Lakeshore', 'Premier', 'Community', 'Coastal'];
const SITE_KINDS = ['Hospital', 'Ambulatory Surgery Center', 'Imaging Center', 'Urgent Care', 'Rehabilitation Center', 'Infusion Center'];
const ACT_TYPES = ['Meeting', 'Meeting', 'Meeting', 'Call', 'Call', 'Call', 'Email', 'Email', 'Email', 'Note', 'Referral'];
const SUBJECTS: Record<string, string[]> = {
  Meeting: ['Quarterly business review', 'Lunch and learn', 'Practice visit', 'Referral pattern review', 'Introduction meeting'],
  Call: ['Follow-up call', 'Scheduling access call', 'Referral issue call', 'Check-in call'],
  Email: ['Sent service line brochure', 'Shared new clinic hours', 'Follow-up email', 'Sent referral form'],
  Note: ['Office staff changes', 'Competitor activity noted', 'Prefers morning visits'],
  Referral: ['Referral discussed', 'Referral received notice'],
};
const MNO: Record<string, [string, string[]]> = {
  Meeting: ['Meeting', ['In-Person', 'Virtual']],
  Call: ['Call', ['Outbound', 'Inbound']],
  Email: ['Email', ['Outbound']],
  Note: ['Note', ['Internal']],
  Referral: ['Referral', ['Discussion']],
};
const NEXT_STEPS = [
  'Schedule quarterly review',
  'Follow up on referral program enrollment',
  'Introduce new cardiologist',
  'Send access guide',
  'Invite to CME dinner',
  null,
  null,
  null,
];
const FREQ = ['Weekly', 'Biweekly', 'Monthly', 'Quarterly', null];

export type Gen = ReturnType<typeof makeGenerator>;

export function makeGenerator(size: Size, seed: number, anchor: Date) {
  const n = SIZES[size];
  const now = anchor.getTime();
  // Entity index space: persons, then claims providers, then sites.
  const ENT = { persons: 0, claims: n.persons, sites: n.persons + n.claims, total: n.persons + n.claims + n.sites };

  function place(r: () => number) {
    const geography = GEOGRAPHIES[Math.floor(Math.pow(r(), 1.3) * GEOGRAPHIES.length)]!;
    return { geography, city: pick(r, CITIES[geography]!) };
  }
  function person(i: number) {
    const r = rng(seed, 1, i);
    const first = pick(r, FIRST),
      last = pick(r, LAST);
    const isClinician = r() < 0.7;
    const { geography, city } = place(r);
    return {
      id: detUuid(now - 1000 * DAY + i, r),
      first,
      last,
      email: `${first}.${last}.${i}@example.org`.toLowerCase(),
      phone: `555-${String(1000 + (i % 9000)).padStart(4, '0')}`,
      clinician: isClinician
        ? {
            id: detUuid(now - 1000 * DAY + i, r),
            npi: String(1_000_000_000 + i),
            specialty: SPECIALTIES[Math.floor(Math.pow(r(), 1.5) * SPECIALTIES.length)]!,
            title: pick(r, TITLES),
            account: `${pick(r, PRACTICE_WORDS)} ${pick(r, ['Associates', 'Medical Group', 'Clinic', 'Partners'])}`,
            employment: r() < 0.35 ? 'employed' : 'community',
            geography,
            city,
          }
        : null,
    };
  }
  function provider(kind: 'claims' | 'sites', i: number) {
    const r = rng(seed, kind === 'claims' ? 2 : 3, i);
    const { geography, city } = place(r);
    const name = kind === 'claims' ? `Dr. ${pick(r, FIRST)} ${pick(r, LAST)}` : `${city} ${pick(r, SITE_KINDS)}`;
    return {
      id: detUuid(now - 1000 * DAY + i, r),
      name,
      npi: String(kind === 'claims' ? 1_500_000_000 + i : 1_900_000_000 + i),
      specialty:
        kind === 'claims'
          ? SPECIALTIES[Math.floor(Math.pow(r(), 1.5) * SPECIALTIES.length)]!
          : pick(r, ['Radiology', 'General Surgery', 'Orthopedics', 'Cardiology', 'Oncology']),
      title: kind === 'claims' ? pick(r, TITLES.slice(0, 5)) : 'Facility',
      account: kind === 'claims' ? `${pick(r, PRACTICE_WORDS)} Physicians` : `${pick(r, PRACTICE_WORDS)} Health`,
      employment: r() < (kind === 'claims' ? 0.2 : 0.5) ? 'employed' : 'community',
      geography,
      city,
      email: kind === 'claims' ? `provider${i}@claims.example.org` : `site${i}@facility.example.org`,
      phone: `555-${String(2000 + (i % 8000)).padStart(4, '0')}`,
      siteType: kind === 'sites' ? 'facility' : null,
    };
  }
  /** The entity (type id, global index, type-local index) of relationship j and its owner index. */
  function relEntity(j: number, nUsers: number, ownerWeights: Float64Array) {
    const p = j % 20,
      base = Math.floor(j / 20);
    let type: 1 | 2 | 3, k: number, nT: number, step: number, off: number;
    if (p < 11) {
      type = 1;
      k = base * 11 + p;
      nT = n.persons;
      step = 7919;
      off = ENT.persons;
    } else if (p < 18) {
      type = 2;
      k = base * 7 + (p - 11);
      nT = n.claims;
      step = 104_729;
      off = ENT.claims;
    } else {
      type = 3;
      k = base * 2 + (p - 18);
      nT = n.sites;
      step = 1_299_709;
      off = ENT.sites;
    }
    while (gcd(step, nT) !== 1) step++;
    const local = (k * step) % nT;
    const round = Math.floor(k / nT);
    // The owner: a skewed pick per entity, shifted per round so (owner, entity) never repeats.
    const u = rng(seed, 4, off + local)();
    let acc = 0,
      owner = 0;
    for (; owner < nUsers - 1; owner++) {
      acc += ownerWeights[owner]!;
      if (u < acc) break;
    }
    return { type, local, global: off + local, owner: (owner + round) % nUsers };
  }
  /** Activities of relationship j: count skewed around the average, dates clustered in the last two years. */
  function activitiesOf(j: number, createdMs: number) {
    const r = rng(seed, 5, j);
    const avg = n.activities / n.relationships;
    const count = Math.min(Math.round(-Math.log(1 - r() * 0.999) * avg), avg * 12);
    const recency = 0.5 + r() * 2.5; // > 1 leans old, < 1 leans recent
    const out: { ms: number; type: string; status: string }[] = [];
    const span = Math.max(1, Math.min(730, (now - createdMs) / DAY));
    for (let a = 0; a < count; a++) {
      const ms = now - Math.pow(r(), recency) * span * DAY - r() * DAY;
      const st = r();
      out.push({ ms, type: pick(r, ACT_TYPES), status: st < 0.95 ? 'completed' : st < 0.98 ? 'planned' : 'cancelled' });
    }
    return out;
  }
  function relationship(j: number) {
    const r = rng(seed, 6, j);
    const createdMs = now - (60 + r() * 900) * DAY;
    return {
      createdMs,
      priority: r() < 0.2 ? 'high' : r() < 0.85 ? 'medium' : 'low',
      nextSteps: pick(r, NEXT_STEPS),
      frequency: pick(r, FREQ),
      campaign: r() < 0.08 ? Math.floor(Math.pow(r(), 1.4) * n.campaigns) : -1,
    };
  }
  function referral(i: number, relCount: number) {
    const r = rng(seed, 7, i);
    const j = Math.floor(Math.pow(r(), 2.2) * relCount); // a few entities refer a lot
    const trend = rng(seed, 8, j)();
    const p = trend < 0.3 ? 0.6 : trend < 0.55 ? 2.2 : 1; // rising, falling, steady
    const daysAgo = Math.floor(Math.pow(r(), p) * 365);
    const st = r();
    return {
      j,
      id: detUuid(now - daysAgo * DAY, r),
      date: new Date(now - daysAgo * DAY).toISOString().slice(0, 10),
      daysAgo,
      status: st < 0.7 ? 'completed' : st < 0.9 ? 'scheduled' : st < 0.95 ? 'received' : 'cancelled',
    };
  }
  /** The scoring rules applied at generation time, so the data starts out consistent with the job. */
  function score(
    acts: { ms: number; status: string }[],
    createdMs: number,
    priority: string,
    employment: string | null,
    refRecent: number,
    refPrior: number,
  ) {
    let n30 = 0,
      n90 = 0,
      n180 = 0,
      last = -Infinity,
      total = 0;
    for (const a of acts) {
      if (a.status !== 'completed') continue;
      total++;
      const d = now - a.ms;
      if (d < 30 * DAY) n30++;
      if (d < 90 * DAY) n90++;
      if (d < 180 * DAY) n180++;
      if (a.ms > last) last = a.ms;
    }
    const input = {
      now: anchor,
      createdAt: new Date(createdMs),
      currentStatus: 'PROSPECTING' as const,
      activities30: n30,
      activities90: n90,
      activities180: n180,
      lastActivityAt: total ? new Date(last) : null,
      priority,
      employmentStatus: employment,
      referralsRecent: refRecent,
      referralsPrior: refPrior,
    };
    return {
      status: STATUS[computeStatus(input).code],
      loyalty: LOYALTY[computeLoyalty(input).code],
      leadScore: computeLeadScore(input).score,
      last: total ? last : null,
      total,
    };
  }
  return { n, ENT, now, pick, person, provider, relEntity, activitiesOf, relationship, referral, score, subjects: SUBJECTS, mno: MNO };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
