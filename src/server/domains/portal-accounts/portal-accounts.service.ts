// Staff side of portal accounts (issue 11, 003's portal access): see a patient's portal access, invite the
// patient (an activation code by email), revoke it, and link a separate wellness account to the patient.
// Every call goes through the patients policy with the write grant (portal-accounts.policy.ts).
import { randomInt } from 'node:crypto';
import type { Database, Db } from '../../db/client';
import { publicBaseUrl, type Config } from '../../config';
import { transaction } from '../../db/tx';
import { AppError } from '../../platform/errors';
import { audit } from '../../platform/audit';
import { emit } from '../../platform/events/outbox';
import { uuidv7 } from '../../platform/ids';
import type { Actor } from '../../platform/context';
import type { Mailer } from '../../platform/mail';
import { sha256 } from '../../platform/auth/password';
import { findPatient, type PatientRow } from '../patients/patients.queries';
import {
  ACTIVATION_CODE_ALPHABET,
  ACTIVATION_CODE_DAYS,
  ACTIVATION_CODE_LENGTH,
  type LinkPortalAccountResponse,
  type PortalAccess,
  type PortalInvitationResponse,
  type PortalSettings,
  type PortalSettingsPatch,
} from '../../../shared/schemas/portal-accounts';
import { portalAccessScope } from './portal-accounts.policy';
import { presentAccess } from './portal-accounts.presenter';
import { LINK_TASK_TITLE } from './portal-accounts.signup';
import * as q from './portal-accounts.queries';
import { authPagesOf } from '../../../shared/permissions';

export const NO_EMAIL = 'This patient has no email address; add one to their record first';
export const ALREADY_ACTIVE = 'This patient already has portal access';

export function newActivationCode(): string {
  let code = '';
  for (let i = 0; i < ACTIVATION_CODE_LENGTH; i++) code += ACTIVATION_CODE_ALPHABET[randomInt(ACTIVATION_CODE_ALPHABET.length)];
  return code;
}

async function patientFor(db: Db, actor: Actor, id: string, forUpdate = false): Promise<PatientRow> {
  const p = await findPatient(db, actor.orgId, id, portalAccessScope(actor), { forUpdate });
  if (!p) throw AppError.notFound('Patient');
  return p;
}

async function accessOf(db: Db, p: PatientRow): Promise<PortalAccess> {
  const user = await q.portalUserOfPerson(db, p.orgId, p.personId);
  const code = await q.latestCode(db, p.id);
  const candidates = p.person.email ? await q.otherPortalAccounts(db, p.orgId, p.person.email, p.personId) : [];
  return presentAccess({ email: p.person.email, user, code, candidates });
}

export async function getPortalAccess(db: Db, actor: Actor, patientId: string): Promise<PortalAccess> {
  return accessOf(db, await patientFor(db, actor, patientId));
}

export async function invitePatient(
  deps: { database: Database; mailer: Mailer; config: Config },
  actor: Actor,
  patientId: string,
): Promise<PortalInvitationResponse> {
  const base = publicBaseUrl(deps.config);
  const done = await transaction(deps.database.db, async (tx) => {
    const p = await patientFor(tx, actor, patientId, true);
    const email = p.person.email;
    if (!email) throw AppError.field('email', NO_EMAIL, 'bad_request');
    const user = await q.portalUserOfPerson(tx, p.orgId, p.personId, true);
    if (user?.isActive) throw new AppError('conflict', ALREADY_ACTIVE);
    const org = (await q.findOrgById(tx, p.orgId))!;
    const revoked = await q.revokeOpenCodes(tx, p.id);
    if (user) {
      // The patient's account was switched off (revoked): inviting again opens it again, as it was.
      await q.updateUser(tx, user.id, { isActive: true });
      await audit(tx, actor, {
        action: 'update',
        table: 'users',
        recordId: user.id,
        oldValues: { is_active: false },
        newValues: { is_active: true, portal_access_restored: true },
      });
      const mail = await deps.mailer.store(tx, {
        orgId: p.orgId,
        eventId: uuidv7(),
        to: user.email,
        template: 'portal_access_restored',
        data: {
          name: `${p.person.firstName} ${p.person.lastName}`,
          invitedBy: actor.name,
          signInLink: `${base}${authPagesOf(user.role).signIn}`,
          resetLink: `${base}${authPagesOf(user.role).forgotPassword}`,
        },
      });
      return { mailId: mail.id, email: user.email, expiresAt: null, status: 'active' as const };
    }
    const code = newActivationCode();
    const row = await q.insertCode(tx, {
      orgId: p.orgId,
      patientId: p.id,
      codeHash: sha256(code),
      email,
      createdByUserId: actor.userId,
      days: ACTIVATION_CODE_DAYS,
    });
    const link = `${base}/portal/${encodeURIComponent(org.slug)}/register?code=${code}&email=${encodeURIComponent(email)}`;
    const mail = await deps.mailer.store(tx, {
      orgId: p.orgId,
      eventId: uuidv7(),
      to: email,
      template: 'portal_invitation',
      data: { name: `${p.person.firstName} ${p.person.lastName}`, invitedBy: actor.name, link, days: ACTIVATION_CODE_DAYS },
    });
    await audit(tx, actor, {
      action: 'create',
      table: 'portal_activation_codes',
      recordId: row.id,
      newValues: { patient_id: p.id, email, expires_at: row.expiresAt, earlier_codes_revoked: revoked.length },
    });
    return { mailId: mail.id, email, expiresAt: row.expiresAt as Date | null, status: 'invited' as const };
  });
  await deps.mailer.deliver(done.mailId);
  return { email: done.email, expires_at: done.expiresAt?.toISOString() ?? null, status: done.status };
}

export async function revokePortalAccess(db: Db, actor: Actor, patientId: string): Promise<PortalAccess> {
  return transaction(db, async (tx) => {
    const p = await patientFor(tx, actor, patientId, true);
    const codes = await q.revokeOpenCodes(tx, p.id);
    if (codes.length)
      await audit(tx, actor, {
        action: 'update',
        table: 'portal_activation_codes',
        recordId: codes[0]!.id,
        newValues: { revoked: codes.map((c) => c.id), patient_id: p.id },
      });
    const user = await q.portalUserOfPerson(tx, p.orgId, p.personId, true);
    if (user?.isActive) {
      await q.updateUser(tx, user.id, { isActive: false });
      const ended = await q.endSessions(tx, user.id);
      await audit(tx, actor, {
        action: 'update',
        table: 'users',
        recordId: user.id,
        oldValues: { is_active: true },
        newValues: { is_active: false, portal_access_revoked: true, sessions_ended: ended },
      });
    }
    return accessOf(tx, p);
  });
}

/**
 * Links a separate wellness account to this patient (the link task's action): its portal records move to
 * the patient, the account points at the patient's person, the now-empty wellness patient is
 * soft-deleted and the link tasks of the patient are closed. One transaction: all or nothing.
 */
export async function linkPortalAccount(db: Db, actor: Actor, patientId: string, userId: string): Promise<LinkPortalAccountResponse> {
  return transaction(db, async (tx) => {
    const p = await patientFor(tx, actor, patientId, true);
    const user = await q.lockPortalUser(tx, actor.orgId, userId);
    if (!user) throw AppError.field('user_id', 'is not a portal account of this organization', 'not_found');
    if (user.personId === p.personId) throw AppError.field('user_id', 'is already linked to this patient', 'conflict');
    const current = await q.portalUserOfPerson(tx, p.orgId, p.personId);
    if (current?.isActive) throw new AppError('conflict', ALREADY_ACTIVE);
    const from = user.personId ? await q.lockPatientOfPerson(tx, p.orgId, user.personId) : undefined;
    let moved = 0;
    if (from && !from.deletedAt) {
      const counts = await q.movePortalRecords(tx, p.orgId, from.id, p.id);
      moved = Object.values(counts).reduce((a, b) => a + b, 0);
      await q.softDeletePatient(tx, from.id);
      await audit(tx, actor, {
        action: 'delete',
        table: 'patients',
        recordId: from.id,
        oldValues: { deleted_at: null },
        newValues: { deleted_at: new Date(), merged_into_patient_id: p.id, portal_records_moved: counts },
      });
      await emit(tx, actor, { type: 'PATIENT_DELETED', aggregateType: 'patient', aggregateId: from.id });
    }
    await q.updateUser(tx, user.id, { personId: p.personId });
    await audit(tx, actor, {
      action: 'update',
      table: 'users',
      recordId: user.id,
      oldValues: { person_id: user.personId },
      newValues: { person_id: p.personId, patient_id: p.id, linked_by: 'staff' },
    });
    const closed = await q.closeLinkTasks(tx, p.orgId, p.id, LINK_TASK_TITLE);
    for (const t of closed) {
      await audit(tx, actor, {
        action: 'update',
        table: 'tasks',
        recordId: t.id,
        oldValues: { status: 'open' },
        newValues: { status: 'done' },
      });
      await emit(tx, actor, { type: 'TASK_COMPLETED', aggregateType: 'task', aggregateId: t.id, payload: { changed: ['status'] } });
    }
    await emit(tx, actor, {
      type: 'PATIENT_UPDATED',
      aggregateType: 'patient',
      aggregateId: p.id,
      payload: { changed: ['portal_account'] },
    });
    return { user_id: user.id, patient_id: p.id, moved };
  });
}

/** The organization's portal settings (admins, `users` write). */
export async function getPortalSettings(db: Db, actor: Actor): Promise<PortalSettings> {
  const org = (await q.findOrgById(db, actor.orgId))!;
  return { self_signup: org.portalSelfSignup };
}

/** Turns self-sign-up on or off; audited. Invitations work either way. */
export async function updatePortalSettings(db: Db, actor: Actor, body: PortalSettingsPatch): Promise<PortalSettings> {
  return transaction(db, async (tx) => {
    const org = (await q.findOrgById(tx, actor.orgId))!;
    if (org.portalSelfSignup !== body.self_signup) {
      await q.setPortalSelfSignup(tx, org.id, body.self_signup);
      await audit(tx, actor, {
        action: 'update',
        table: 'organizations',
        recordId: org.id,
        oldValues: { portal_self_signup: org.portalSelfSignup },
        newValues: { portal_self_signup: body.self_signup },
      });
    }
    return { self_signup: body.self_signup };
  });
}
