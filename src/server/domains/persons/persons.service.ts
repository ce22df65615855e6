// Persons: the single source of truth for a human; email matching instead of duplicates.
import { checkVersion, pageOf } from '../../platform/http';
import type { SQL } from 'drizzle-orm';
import type { persons } from '../../db/schema';
import type { Db } from '../../db/client';
import { isUniqueViolation, transaction } from '../../db/tx';
import { AppError } from '../../platform/errors';
import { audit, diff } from '../../platform/audit';
import type { Actor, ActorRef } from '../../platform/context';
import { can } from '../../../shared/permissions';
import { personScope } from './persons.policy';
import { uuidv7 } from '../../platform/ids';
import { emit } from '../../platform/events/outbox';
import type { ListPersonsQuery, PersonBody, PersonPatch, PersonRoleType } from '../../../shared/schemas/persons';
import { recordPatientPersons } from './persons.access-log';
import {
  endPersonRoleRow,
  findOpenPersonRole,
  findPerson,
  findPersonByEmail,
  findPersonRole,
  insertPersonIfNew,
  insertPersonRole,
  listPersonRoles,
  listPersons as queryPersons,
  setPersonDeleted,
  updatePersonRow,
  type PersonRow,
} from './persons.queries';

/** A page of the persons the caller may see; the patients among them are recorded as read. */
export async function listPersons(db: Db, actor: Actor, q: ListPersonsQuery) {
  const page = await queryPersons(
    db,
    actor.orgId,
    personScope(actor),
    { search: q.search, role: q.role, includeDeleted: q.include_deleted },
    { ...pageOf(q), sortBy: q.sort_by, sortOrder: q.sort_order },
  );
  await recordPatientPersons(
    db,
    actor,
    q.search ? 'search' : 'list',
    page.rows.map((r) => r.id),
  );
  return page;
}

/**
 * Returns the person with this email, or creates one. Safe under concurrent creates: the
 * unique (org_id, lower(email)) index decides, the loser reads the winner's row. Matching never
 * hands over a record outside the caller's scope (SECURITY.md rule 10): a person the caller may not
 * see answers 409 naming the email and nothing of the person; a soft-deleted person is restored (a
 * returning patient) only for a role with the delete grant on persons.
 */
export async function findOrCreatePerson(tx: Db, actor: Actor, body: PersonBody): Promise<{ person: PersonRow; matched: boolean }> {
  const id = uuidv7();
  const row = {
    id,
    orgId: actor.orgId,
    firstName: body.first_name,
    lastName: body.last_name,
    email: body.email ?? null,
    phone: body.phone ?? null,
    dateOfBirth: body.date_of_birth ?? null,
  };
  const inserted = await insertPersonIfNew(tx, row);
  if (inserted) {
    await audit(tx, actor, { action: 'create', table: 'persons', recordId: id, newValues: row });
    await emit(tx, actor, { type: 'PERSON_CREATED', aggregateType: 'person', aggregateId: id });
    return { person: (await findPerson(tx, actor.orgId, id))!, matched: false };
  }
  const existing = await findPersonByEmail(tx, actor.orgId, body.email!);
  if (!existing) throw new AppError('conflict', 'The person could not be created; try again');
  if (!(await findPerson(tx, actor.orgId, existing.id, { includeDeleted: true, scope: personScope(actor, 'read') }))) {
    throw AppError.field('email', 'belongs to an existing record you do not have access to', 'duplicate');
  }
  if (existing.deletedAt) {
    if (!can(actor.role, 'persons', 'delete'))
      throw AppError.field('email', 'belongs to a deleted record; someone allowed to restore records must restore it', 'duplicate');
    await setPersonDeleted(tx, existing.id, null);
    await audit(tx, actor, {
      action: 'restore',
      table: 'persons',
      recordId: existing.id,
      oldValues: { deleted_at: existing.deletedAt },
      newValues: { deleted_at: null, reason: 'returning person matched by email' },
    });
  }
  return { person: (await findPerson(tx, actor.orgId, existing.id))!, matched: true };
}

/** Creates a person, or answers the existing one of this email (`matched`, recorded as a read of its patient). */
export async function createPerson(db: Db, actor: Actor, body: PersonBody) {
  const result = await transaction(db, (tx) => findOrCreatePerson(tx, actor, body));
  if (result.matched) await recordPatientPersons(db, actor, 'match', [result.person.id]);
  return result;
}

/** The person if the caller may see it; 404 otherwise. Not recorded: see readPerson. */
export async function getPerson(db: Db, actor: Actor, id: string, includeDeleted = false) {
  const p = await findPerson(db, actor.orgId, id, { includeDeleted, scope: personScope(actor, 'read') });
  if (!p) throw AppError.notFound('Person');
  return p;
}

/** GET /api/persons/{id}: the person, recorded as a read of its patient (if it is one). */
export async function readPerson(db: Db, actor: Actor, id: string, includeDeleted = false) {
  const p = await getPerson(db, actor, id, includeDeleted);
  await recordPatientPersons(db, actor, 'read', [p.id]);
  return p;
}

/** `scope` is the caller's persons predicate; a service that already checked access to the person's patient passes none. */
export async function updatePerson(db: Db, actor: ActorRef, id: string, patch: PersonPatch, ifMatch?: number, scope?: SQL) {
  return transaction(db, async (tx) => {
    const before = await findPerson(tx, actor.orgId, id, { forUpdate: true, scope });
    if (!before) throw AppError.notFound('Person');
    checkVersion(ifMatch, before.version, 'person');
    const next: Partial<typeof persons.$inferInsert> = {};
    if (patch.first_name !== undefined) next.firstName = patch.first_name;
    if (patch.last_name !== undefined) next.lastName = patch.last_name;
    if (patch.email !== undefined) next.email = patch.email;
    if (patch.phone !== undefined) next.phone = patch.phone;
    if (patch.date_of_birth !== undefined) next.dateOfBirth = patch.date_of_birth;
    const changes = diff(before as unknown as Record<string, unknown>, next);
    if (Object.keys(changes.newValues).length === 0) return before;
    try {
      await updatePersonRow(tx, id, next);
    } catch (err) {
      if (isUniqueViolation(err)) throw AppError.field('email', 'belongs to another person', 'duplicate');
      throw err;
    }
    await audit(tx, actor, { action: 'update', table: 'persons', recordId: id, ...changes });
    await emit(tx, actor, { type: 'PERSON_UPDATED', aggregateType: 'person', aggregateId: id });
    return (await findPerson(tx, actor.orgId, id))!;
  });
}

/** PATCH /api/persons/{id}: an update within the caller's persons scope. */
export async function editPerson(db: Db, actor: Actor, id: string, patch: PersonPatch, ifMatch?: number) {
  return updatePerson(db, actor, id, patch, ifMatch, personScope(actor, 'write'));
}

export async function deletePerson(db: Db, actor: Actor, id: string) {
  return transaction(db, async (tx) => {
    const before = await findPerson(tx, actor.orgId, id, { forUpdate: true, scope: personScope(actor, 'delete') });
    if (!before) throw AppError.notFound('Person');
    const now = new Date();
    await setPersonDeleted(tx, id, now);
    await audit(tx, actor, {
      action: 'delete',
      table: 'persons',
      recordId: id,
      oldValues: { deleted_at: null },
      newValues: { deleted_at: now },
    });
    await emit(tx, actor, { type: 'PERSON_DELETED', aggregateType: 'person', aggregateId: id });
    return (await findPerson(tx, actor.orgId, id, { includeDeleted: true }))!;
  });
}

export async function restorePerson(db: Db, actor: Actor, id: string) {
  return transaction(db, async (tx) => {
    const before = await findPerson(tx, actor.orgId, id, { includeDeleted: true, forUpdate: true, scope: personScope(actor, 'delete') });
    if (!before) throw AppError.notFound('Person');
    if (!before.deletedAt) return before;
    await setPersonDeleted(tx, id, null);
    await audit(tx, actor, {
      action: 'restore',
      table: 'persons',
      recordId: id,
      oldValues: { deleted_at: before.deletedAt },
      newValues: { deleted_at: null },
    });
    await emit(tx, actor, { type: 'PERSON_RESTORED', aggregateType: 'person', aggregateId: id });
    return (await findPerson(tx, actor.orgId, id))!;
  });
}

/** The person's role periods, oldest first (a deleted person's too). */
export async function listRoles(db: Db, actor: Actor, personId: string) {
  await getPerson(db, actor, personId, true);
  return listPersonRoles(db, actor.orgId, personId);
}

/** Opens a role period for a person; a role already open is returned unchanged. */
export async function addPersonRole(tx: Db, actor: ActorRef, personId: string, role: PersonRoleType, validFrom = new Date()) {
  const open = await findOpenPersonRole(tx, personId, role);
  if (open) return open;
  const row = { id: uuidv7(), orgId: actor.orgId, personId, role, validFrom };
  const inserted = await insertPersonRole(tx, row);
  await audit(tx, actor, { action: 'create', table: 'person_roles', recordId: row.id, newValues: row });
  return inserted;
}

export async function addRole(db: Db, actor: Actor, personId: string, role: PersonRoleType, validFrom?: string) {
  return transaction(db, async (tx) => {
    const p = await findPerson(tx, actor.orgId, personId, { forUpdate: true, scope: personScope(actor, 'write') });
    if (!p) throw AppError.notFound('Person');
    return addPersonRole(tx, actor, personId, role, validFrom ? new Date(validFrom) : new Date());
  });
}

export async function endRole(db: Db, actor: Actor, personId: string, roleId: string, validTo?: string) {
  return transaction(db, async (tx) => {
    if (!(await findPerson(tx, actor.orgId, personId, { includeDeleted: true, scope: personScope(actor, 'write') })))
      throw AppError.notFound('Person');
    const r = await findPersonRole(tx, actor.orgId, personId, roleId, { forUpdate: true });
    if (!r) throw AppError.notFound('Role');
    if (r.validTo) throw new AppError('invalid_transition', 'This role has already ended');
    const end = validTo ? new Date(validTo) : new Date();
    if (end < r.validFrom) throw AppError.field('valid_to', 'must not be before valid_from');
    const ended = await endPersonRoleRow(tx, roleId, end);
    await audit(tx, actor, {
      action: 'update',
      table: 'person_roles',
      recordId: roleId,
      oldValues: { valid_to: null },
      newValues: { valid_to: end },
    });
    return ended;
  });
}
