// /api/teams: admins write, managers read, everyone else 403; members and manager are active staff of
// the organization; another organization's ids answer like random ids; every refusal changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, expectProblem, type TestApp, type TestOrg } from '../../../../tests/helpers/app';
import { buildTeam, buildUser } from '../../factories';

let t: TestApp;
let org: TestOrg;
let other: TestOrg;
beforeAll(async () => {
  t = await createTestApp();
  org = await t.org();
  other = await t.org();
});
afterAll(async () => t?.close());

/** Everything about the organization's teams, to prove a refusal changed nothing. */
const snapshot = async (orgId: string) => ({
  teams: await t.database.rows(sql`SELECT id, name, manager_user_id, updated_at FROM teams WHERE org_id = ${orgId} ORDER BY id`),
  members: await t.database.rows(sql`SELECT team_id, user_id FROM team_members WHERE org_id = ${orgId} ORDER BY team_id, user_id`),
  audit: await t.database.rows(sql`SELECT count(*)::int AS n FROM audit_log WHERE org_id = ${orgId} AND table_name = 'teams'`),
});
type AuditRow = { action: string; old_values: Record<string, unknown> | null; new_values: Record<string, unknown> | null };
const audits = (id: string) =>
  t.database.rows<AuditRow>(sql`
    SELECT action, old_values, new_values FROM audit_log
    WHERE org_id = ${org.id} AND table_name = 'teams' AND record_id = ${id}
    ORDER BY created_at, id`);

describe('teams API', () => {
  it('creates, lists, renames, changes the manager, sets members and deletes; every write audited', async () => {
    const admin = await org.as('admin');
    const u = org.users;
    const created = await admin.post('/api/teams', {
      name: '  North  ',
      manager_user_id: u.manager.id,
      member_user_ids: [u.liaison.id, u.sdr.id, u.liaison.id],
    });
    expect(created.statusCode, created.body).toBe(201);
    const team = created.json();
    expect(team).toMatchObject({ name: 'North', manager: { id: u.manager.id, role: 'manager' } });
    expect(team.members.map((m: { id: string }) => m.id).sort()).toEqual([u.liaison.id, u.sdr.id].sort());

    await admin.post('/api/teams', { name: 'Alpha' });
    const list = (await (await org.as('manager')).get('/api/teams')).json();
    expect(list.items.map((x: { name: string }) => x.name)).toEqual(['Alpha', 'North']);
    expect((await admin.get(`/api/teams/${team.id}`)).json().name).toBe('North');

    const renamed = await admin.patch(`/api/teams/${team.id}`, { name: 'North East', manager_user_id: u.admin.id });
    expect(renamed.json()).toMatchObject({ name: 'North East', manager: { id: u.admin.id } });
    expect((await admin.patch(`/api/teams/${team.id}`, { manager_user_id: null })).json().manager).toBeNull();

    const coach = await admin.put(`/api/teams/${team.id}/members`, { member_user_ids: [u.health_coach.id, u.sdr.id] });
    expect(
      coach
        .json()
        .members.map((m: { id: string }) => m.id)
        .sort(),
    ).toEqual([u.health_coach.id, u.sdr.id].sort());
    expect((await admin.put(`/api/teams/${team.id}/members`, { member_user_ids: [] })).json().members).toEqual([]);

    const del = await admin.delete(`/api/teams/${team.id}`);
    expect(del.statusCode).toBe(204);
    expectProblem(await admin.get(`/api/teams/${team.id}`), 404);
    expect((await t.database.rows(sql`SELECT 1 FROM team_members WHERE team_id = ${team.id}`)).length).toBe(0);

    const log = await audits(team.id);
    expect(log.map((a) => a.action)).toEqual(['create', 'update', 'update', 'update', 'update', 'delete']);
    expect(log[3]!.new_values).toMatchObject({ added: [u.health_coach.id], removed: [u.liaison.id] });
    expect(log[5]!.old_values).toMatchObject({ name: 'North East' });
  });

  it('answers 400 naming the field, and 409 for a taken name, changing nothing', async () => {
    const admin = await org.as('admin');
    const team = (await admin.post('/api/teams', { name: 'Validation', member_user_ids: [org.users.sdr.id] })).json();
    const inactive = await buildUser(t.database.db, { orgId: org.id, role: 'sdr', isActive: false });
    const before = await snapshot(org.id);
    expectProblem(await admin.post('/api/teams', { name: '' }), 400, 'name');
    expectProblem(await admin.post('/api/teams', { name: 'x'.repeat(101) }), 400, 'name');
    expectProblem(await admin.post('/api/teams', { name: 'Ok', member_user_ids: ['nope'] }), 400, 'member_user_ids');
    expectProblem(await admin.post('/api/teams', { name: 'Ok', colour: 'red' }), 400);
    expectProblem(await admin.post('/api/teams', { name: 'Ok', manager_user_id: org.users.patient.id }), 400, 'manager_user_id');
    // A patient, an inactive user, another organization's user and a random id: the same 400.
    const answers = [];
    for (const bad of [org.users.patient.id, inactive.id, other.users.sdr.id, crypto.randomUUID()]) {
      const res = await admin.post('/api/teams', { name: 'Members', member_user_ids: [org.users.liaison.id, bad] });
      expectProblem(res, 400, 'member_user_ids');
      const res2 = await admin.put(`/api/teams/${team.id}/members`, { member_user_ids: [bad] });
      expectProblem(res2, 400, 'member_user_ids');
      answers.push(res.json().errors[0].message.replace(bad, '<id>'));
    }
    expect(new Set(answers).size).toBe(1);
    expectProblem(await admin.patch(`/api/teams/${team.id}`, { manager_user_id: other.users.manager.id }), 400, 'manager_user_id');
    expectProblem(await admin.patch(`/api/teams/${team.id}`, { name: ' ' }), 400, 'name');
    // Names are unique per organization, case-insensitively.
    expectProblem(await admin.post('/api/teams', { name: 'VALIDATION' }), 409, 'name');
    await admin.post('/api/teams', { name: 'Other name' }).then((r) => admin.delete(`/api/teams/${r.json().id}`));
    const after1 = await snapshot(org.id);
    const second = (await admin.post('/api/teams', { name: 'Second' })).json();
    const before2 = await snapshot(org.id);
    expectProblem(await admin.patch(`/api/teams/${second.id}`, { name: 'validation' }), 409, 'name');
    expect(await snapshot(org.id)).toEqual(before2);
    expect(after1.teams).toEqual(before.teams);
    expect(after1.members).toEqual(before.members);
    // The same name in another organization is fine.
    expect((await (await other.as('admin')).post('/api/teams', { name: 'Validation' })).statusCode).toBe(201);
  });

  it('answers 401 signed out, 403 to managers writing and to other roles, 404 for another organization, changing nothing', async () => {
    const team = await buildTeam(t.database.db, { orgId: org.id, name: `Guarded ${Date.now()}`, memberUserIds: [org.users.liaison.id] });
    const foreign = await buildTeam(t.database.db, {
      orgId: other.id,
      name: `Foreign ${Date.now()}`,
      memberUserIds: [other.users.liaison.id],
    });
    const before = await snapshot(org.id);
    const beforeOther = await snapshot(other.id);

    expectProblem(await t.anon.get('/api/teams'), 401);
    expectProblem(await t.anon.post('/api/teams', { name: 'Anon' }), 401);
    expectProblem(await t.anon.delete(`/api/teams/${team.id}`), 401);

    const manager = await org.as('manager');
    expect((await manager.get('/api/teams')).statusCode).toBe(200);
    expect((await manager.get(`/api/teams/${team.id}`)).statusCode).toBe(200);
    expectProblem(await manager.post('/api/teams', { name: 'By manager' }), 403);
    expectProblem(await manager.patch(`/api/teams/${team.id}`, { name: 'By manager' }), 403);
    expectProblem(await manager.put(`/api/teams/${team.id}/members`, { member_user_ids: [] }), 403);
    expectProblem(await manager.delete(`/api/teams/${team.id}`), 403);

    for (const role of ['liaison', 'health_coach', 'sdr', 'clinician', 'patient'] as const) {
      const c = await org.as(role);
      expectProblem(await c.get('/api/teams'), 403);
      expectProblem(await c.get(`/api/teams/${team.id}`), 403);
      expectProblem(await c.post('/api/teams', { name: `By ${role}` }), 403);
      expectProblem(await c.patch(`/api/teams/${team.id}`, { name: `By ${role}` }), 403);
      expectProblem(await c.put(`/api/teams/${team.id}/members`, { member_user_ids: [] }), 403);
      expectProblem(await c.delete(`/api/teams/${team.id}`), 403);
    }

    const admin = await org.as('admin');
    const random = crypto.randomUUID();
    for (const id of [foreign.id, random]) {
      expectProblem(await admin.get(`/api/teams/${id}`), 404);
      expectProblem(await admin.patch(`/api/teams/${id}`, { name: 'Hijack' }), 404);
      expectProblem(await admin.put(`/api/teams/${id}/members`, { member_user_ids: [org.users.sdr.id] }), 404);
      expectProblem(await admin.delete(`/api/teams/${id}`), 404);
    }
    expect((await admin.get('/api/teams')).json().items.some((x: { id: string }) => x.id === foreign.id)).toBe(false);
    expectProblem(await admin.get('/api/teams/not-a-uuid'), 400, 'id');
    expectProblem(await admin.patch('/api/teams/not-a-uuid', { name: 'Bad id' }), 400, 'id');
    expectProblem(await admin.put('/api/teams/not-a-uuid/members', { member_user_ids: [] }), 400, 'id');
    expectProblem(await admin.delete('/api/teams/not-a-uuid'), 400, 'id');
    expectProblem(await admin.put(`/api/teams/${team.id}/members`, {}), 400, 'member_user_ids');

    expect(await snapshot(org.id)).toEqual(before);
    expect(await snapshot(other.id)).toEqual(beforeOther);
  });
});
