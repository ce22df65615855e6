// The patient's own profile (issue 11): name and phone (the person), preferred units and date format (the
// account), changing the password and signing out everywhere. Only the caller's own person (`self`);
// every change is audited. The email is the sign-in address and is not changed here (it needs verifying).
import type { Db, Database } from '../../db/client';
import { transaction } from '../../db/tx';
import { AppError } from '../../platform/errors';
import { audit, diff } from '../../platform/audit';
import type { Actor } from '../../platform/context';
import { emit } from '../../platform/events/outbox';
import { checkVersion } from '../../platform/http';
import { hashPassword, verifyPassword } from '../../platform/auth/password';
import { revokeUserSessions } from '../../platform/auth/sessions';
import type { LoginRateLimiter } from '../../platform/auth/rate-limit';
import type { persons, users } from '../../db/schema';
import { updatePersonRow } from '../persons/persons.queries';
import type { ChangePasswordBody, ChangePasswordResponse, ProfilePatchParsed } from '../../../shared/schemas/portal-profile';
import { replacePasswordHash, selectPasswordHash, selectProfiles, updateUserRow, type ProfileRow } from './portal-profile.queries';
import { profileScope } from './portal-profile.policy';

export const WRONG_CURRENT_PASSWORD = 'Your current password is not right';

/** The one person the scope names; none (a portal account without a person) or more (a broken rule) is a 404. */
function theOne(rows: ProfileRow[]): ProfileRow {
  if (rows.length !== 1) throw new AppError('not_found', 'We could not find your profile; please contact your care team');
  return rows[0]!;
}

export async function getProfile(db: Db, actor: Actor): Promise<ProfileRow> {
  return theOne(await selectProfiles(db, actor, profileScope(actor, 'read')));
}

export async function updateProfile(db: Db, actor: Actor, patch: ProfilePatchParsed, ifMatch?: number): Promise<ProfileRow> {
  const scope = profileScope(actor, 'write');
  return transaction(db, async (tx) => {
    const before = theOne(await selectProfiles(tx, actor, scope, { forUpdate: true }));
    checkVersion(ifMatch, before.person.version, 'profile');
    const p = before.person;

    const personNext: Partial<typeof persons.$inferInsert> = {};
    if (patch.first_name !== undefined) personNext.firstName = patch.first_name;
    if (patch.last_name !== undefined) personNext.lastName = patch.last_name;
    if (patch.phone !== undefined) personNext.phone = patch.phone;
    const personChanges = diff(p as unknown as Record<string, unknown>, personNext);

    const userNext: Partial<typeof users.$inferInsert> = {};
    if (patch.preferred_units !== undefined) userNext.preferredUnits = patch.preferred_units;
    if (patch.date_format !== undefined) userNext.dateFormat = patch.date_format;
    // The account's display name follows the person's name.
    if ('firstName' in personChanges.newValues || 'lastName' in personChanges.newValues) {
      userNext.name = `${personNext.firstName ?? p.firstName} ${personNext.lastName ?? p.lastName}`;
    }
    const userChanges = diff({ name: before.name, preferredUnits: before.preferredUnits, dateFormat: before.dateFormat }, userNext);

    if (Object.keys(personChanges.newValues).length) {
      await updatePersonRow(tx, p.id, personNext);
      await audit(tx, actor, { action: 'update', table: 'persons', recordId: p.id, ...personChanges });
      await emit(tx, actor, { type: 'PERSON_UPDATED', aggregateType: 'person', aggregateId: p.id });
    }
    if (Object.keys(userChanges.newValues).length) {
      await updateUserRow(tx, actor.userId, userNext);
      await audit(tx, actor, { action: 'update', table: 'users', recordId: actor.userId, ...userChanges });
    }
    return theOne(await selectProfiles(tx, actor, scope));
  });
}

const inWords = (seconds: number) =>
  seconds < 60 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minute${Math.ceil(seconds / 60) === 1 ? '' : 's'}`;

/**
 * A new password, proven by the current one. Wrong current passwords count as failed sign-ins of the
 * account (the sign-in limiter, same keys), so a stolen session cannot guess the password faster than a
 * sign-in page could. Every other session of the account ends; this one stays.
 */
export async function changePassword(
  deps: { database: Database; limiter: LoginRateLimiter },
  actor: Actor,
  input: ChangePasswordBody & { sessionId: string; ip: string },
): Promise<ChangePasswordResponse> {
  const { database, limiter } = deps;
  const wait = await limiter.retryAfter(actor.email, input.ip);
  if (wait > 0) {
    throw new AppError('rate_limited', `Too many wrong passwords; try again in ${inWords(wait)}`, undefined, {
      'retry-after': String(wait),
    });
  }
  const hash = await selectPasswordHash(database.db, actor);
  if (!hash || !(await verifyPassword(input.current_password, hash))) {
    await limiter.fail(actor.email, input.ip);
    throw AppError.field('current_password', WRONG_CURRENT_PASSWORD);
  }
  const newHash = await hashPassword(input.new_password);
  const ended = await transaction(database.db, async (tx) => {
    if (!(await replacePasswordHash(tx, actor.userId, hash, newHash))) {
      throw new AppError('conflict', 'Your password was changed meanwhile; please sign in again');
    }
    const n = await revokeUserSessions(tx, actor.userId, { except: input.sessionId });
    await audit(tx, actor, {
      action: 'update',
      table: 'users',
      recordId: actor.userId,
      newValues: { password_changed: true, other_sessions_ended: n },
    });
    return n;
  });
  // As after a sign-in: the proven password lifts the account's failed attempts.
  await limiter.succeed(actor.email);
  return { ok: true, other_sessions_ended: ended };
}

/** Ends every session of the account, the caller's own included. */
export async function signOutEverywhere(db: Db, actor: Actor): Promise<number> {
  return transaction(db, async (tx) => {
    const n = await revokeUserSessions(tx, actor.userId);
    await audit(tx, actor, {
      action: 'logout',
      table: 'users',
      recordId: actor.userId,
      newValues: { everywhere: true, sessions_ended: n },
    });
    return n;
  });
}
