// The demo organization created on first start of the embedded database: one user per role.
import { eq } from 'drizzle-orm';
import { organizations } from './db/schema';
import type { Database } from './db/client';
import { buildOrg, buildPerson, buildUser } from './factories';
import type { Role } from '../shared/permissions';

export const DEMO_PASSWORD = 'demo1234';
export const DEMO_ACCOUNTS: { role: Role; email: string; name: string }[] = [
  { role: 'admin', email: 'admin@demo.example', name: 'Ada Admin' },
  { role: 'manager', email: 'manager@demo.example', name: 'Morgan Manager' },
  { role: 'liaison', email: 'liaison@demo.example', name: 'Lee Liaison' },
  { role: 'health_coach', email: 'coach@demo.example', name: 'Casey Coach' },
  { role: 'sdr', email: 'sdr@demo.example', name: 'Sam SDR' },
  { role: 'clinician', email: 'clinician@demo.example', name: 'Dr. Chris Clinician' },
  { role: 'patient', email: 'patient@demo.example', name: 'Pat Patient' },
];

/** Hooks of later domains that add their demo data to the demo organization. */
export type DemoSeeder = (
  database: Database,
  ctx: { orgId: string; users: Record<Role, string>; size: 'tiny' | 'small'; log: (msg: string) => void },
) => Promise<void>;
export const demoSeeders: { name: string; seed: DemoSeeder }[] = [
  {
    name: 'relationships',
    seed: (database, ctx) => import('./domains/relationships/relationships.demo').then((m) => m.relationshipsDemoSeeder(database, ctx)),
  },
];

export async function ensureDemoData(
  database: Database,
  opts: { size: 'none' | 'tiny' | 'small'; log: (msg: string) => void },
): Promise<boolean> {
  const db = database.db;
  const [existing] = await db.select().from(organizations).where(eq(organizations.slug, 'demo')).limit(1);
  if (existing) return false;
  opts.log('Creating the demo organization...');
  const org = await buildOrg(db, { name: 'Demo Health System', slug: 'demo' });
  const ids = {} as Record<Role, string>;
  for (const a of DEMO_ACCOUNTS) {
    let personId: string | null = null;
    if (a.role === 'patient' || a.role === 'clinician') {
      const [first, ...rest] = a.name.replace('Dr. ', '').split(' ');
      const person = await buildPerson(db, {
        orgId: org.id,
        firstName: first!,
        lastName: rest.join(' '),
        email: a.email,
        roles: [a.role === 'patient' ? 'patient' : 'physician'],
      });
      personId = person.id;
    }
    ids[a.role] = (
      await buildUser(db, { orgId: org.id, role: a.role, email: a.email, name: a.name, password: DEMO_PASSWORD, personId })
    ).id;
  }
  if (opts.size !== 'none') {
    for (const s of demoSeeders) {
      const t0 = Date.now();
      await s.seed(database, { orgId: org.id, users: ids, size: opts.size, log: opts.log });
      opts.log(`  ${s.name}: ${Date.now() - t0} ms`);
    }
  }
  return true;
}
