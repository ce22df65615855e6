// The demo's Relationship Manager data: the generator at the demo size, with the demo liaison
// (liaison@demo.example) owning about a quarter of the relationships and generated liaisons the rest.
import type { DemoSeeder } from '../../demo';
import { buildUser } from '../../factories';
import { generateRelationshipData } from './generate';

const NAMES = [
  'Riley Rivera',
  'Quinn Park',
  'Jamie Okafor',
  'Avery Chen',
  'Rowan Silva',
  'Sasha Novak',
  'Drew Patel',
  'Taylor Brooks',
  'Hayden Cruz',
  'Reese Kim',
  'Skyler Adams',
];

export const relationshipsDemoSeeder: DemoSeeder = async (database, ctx) => {
  const size = ctx.size === 'tiny' ? 'tiny' : 'small';
  const others: string[] = [];
  for (let i = 0; i < (size === 'tiny' ? 3 : NAMES.length); i++) {
    const name = NAMES[i]!;
    others.push(
      (
        await buildUser(database.db, {
          orgId: ctx.orgId,
          role: 'liaison',
          name,
          email: `${name.split(' ')[0]!.toLowerCase()}.liaison@demo.example`,
          password: 'demo1234',
        })
      ).id,
    );
  }
  await generateRelationshipData(database, {
    orgId: ctx.orgId,
    size,
    ownerUserIds: [ctx.users.liaison, ...others],
    firstShare: 0.25,
    log: (m) => ctx.log(`  ${m.trim()}`),
  });
};
