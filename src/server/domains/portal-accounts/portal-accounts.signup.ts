// Self-sign-up at an organization's portal (issue 11, 001 Flow 1): register, confirm the email, and link
// to an existing patient only with proof (docs/portal.md, "Accounts").
//
// Register answers the same whatever the email: a new or not-yet-confirmed account gets a confirmation
// link (24 hours, single use, only the token's SHA-256 stored), an existing confirmed account gets an
// "you already have an account" email instead; never a second account per organization and email. What
// the sign-up said (name, date of birth) waits on a pending person: soft-deleted, without an email, so no
// staff list or email match sees it; the activation code presented is recorded on the code
// (`used_by_user_id`, `used_at` still empty). Confirming the email decides, in one transaction: link to
// the organization's patient with that email when the date of birth matches or the patient's code was
// presented; otherwise the pending person becomes a wellness-only patient and, when a patient with the
// email exists, staff get a task to link the accounts.
import type { Database, Db } from '../../db/client';
import { publicBaseUrl, type Config } from '../../config';
import { transaction, isUniqueViolation } from '../../db/tx';
import { AppError } from '../../platform/errors';
import { audit } from '../../platform/audit';
import { emit } from '../../platform/events/outbox';
import { uuidv7 } from '../../platform/ids';
import type { ActorRef } from '../../platform/context';
import type { Mailer } from '../../platform/mail';
import { hashPassword, newToken, sha256 } from '../../platform/auth/password';
import { LoginRateLimiter } from '../../platform/auth/rate-limit';
import { createSession } from '../../platform/auth/sessions';
import { markSignedIn } from '../../platform/auth/auth.queries';
import { addPersonRole } from '../persons/persons.service';
import { VERIFICATION_HOURS, type RegisterInput, type RegisterResponse } from '../../../shared/schemas/portal-accounts';
import * as q from './portal-accounts.queries';
import { authPagesOf } from '../../../shared/permissions';

export const SIGNUP_MAX_PER_EMAIL = 5;
export const SIGNUP_OFF = 'This organization does not offer sign-up; ask your care team for an invitation';
export const LINK_DEAD = 'This link does not work any more; sign in, or ask for a new link';
export const LINK_TASK_TITLE = 'Link portal account to patient';
export const UNKNOWN_ORG = 'We could not find this organization; check the address your care team gave you';

type Deps = { database: Database; mailer: Mailer; config: Config; limiter: LoginRateLimiter };

/** Sign-ups and new confirmation links: every request counts, per email and per address (like forgot password). */
export function signupLimiter(database: Database, config: Config) {
  return new LoginRateLimiter(database, {
    maxPerAccount: SIGNUP_MAX_PER_EMAIL,
    maxPerAddress: config.login.maxPerAddress,
    windowMs: config.login.windowMs,
  });
}

const inWords = (seconds: number) => (seconds < 60 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`);

async function countRequest(limiter: LoginRateLimiter, email: string, ip: string) {
  const wait = await limiter.retryAfter(`signup:${email}`, `signup:${ip}`);
  if (wait > 0)
    throw new AppError('rate_limited', `Too many requests for this email; try again in ${inWords(wait)}`, undefined, {
      'retry-after': String(wait),
    });
  await limiter.fail(`signup:${email}`, `signup:${ip}`);
}

/** Stores a new confirmation link and its email in the caller's transaction; returns the email's id. */
async function sendVerification(tx: Db, deps: Deps, user: { id: string; orgId: string; email: string; name: string }) {
  const token = newToken();
  await q.insertVerification(tx, user.id, sha256(token), VERIFICATION_HOURS);
  const link = `${publicBaseUrl(deps.config)}/portal/verify-email?token=${encodeURIComponent(token)}`;
  const mail = await deps.mailer.store(tx, {
    orgId: user.orgId,
    eventId: uuidv7(),
    to: user.email,
    template: 'email_verification',
    data: { name: user.name, link, hours: VERIFICATION_HOURS },
  });
  return mail.id;
}

const signedUp = (u: { emailVerifiedAt: Date | null; isActive: boolean; role: string }, hasLinks: boolean) =>
  authPagesOf(u.role).portal && u.isActive && u.emailVerifiedAt === null && hasLinks;

export async function register(deps: Deps, input: RegisterInput, ip: string, requestId: string): Promise<RegisterResponse> {
  const email = input.email.trim().toLowerCase();
  await countRequest(deps.limiter, email, ip);
  const org = await q.findOrgBySlug(deps.database.db, input.org_slug);
  if (!org) throw AppError.field('org_slug', UNKNOWN_ORG, 'not_found');
  // Hashed whatever happens next: a known email takes as long as an unknown one.
  const passwordHash = await hashPassword(input.password);
  const name = `${input.first_name} ${input.last_name}`;
  let mailId: string;
  try {
    mailId = await transaction(deps.database.db, async (tx) => {
      const code = input.activation_code ? await q.lockOpenCode(tx, org.id, sha256(input.activation_code), email) : undefined;
      if (!org.portalSelfSignup && !code)
        throw new AppError(
          'forbidden',
          SIGNUP_OFF,
          input.activation_code ? [{ path: 'activation_code', message: 'does not work any more' }] : undefined,
        );
      const existing = await q.lockUserByEmail(tx, org.id, email);
      const actor: ActorRef = { orgId: org.id, userId: existing?.id ?? null, requestId, name };
      if (existing && !signedUp(existing, await q.awaitsVerification(tx, existing.id))) {
        const mail = await deps.mailer.store(tx, {
          orgId: org.id,
          eventId: uuidv7(),
          to: existing.email,
          template: 'account_exists',
          data: {
            name: existing.name,
            signInLink: `${publicBaseUrl(deps.config)}${authPagesOf(existing.role).signIn}`,
            resetLink: `${publicBaseUrl(deps.config)}${authPagesOf(existing.role).forgotPassword}`,
          },
        });
        return mail.id;
      }
      let user: { id: string; orgId: string; email: string; name: string };
      const details = { firstName: input.first_name, lastName: input.last_name, dateOfBirth: input.date_of_birth ?? null };
      if (existing) {
        // Signed up before and never confirmed: whoever confirms the email now chooses the password.
        await q.updateUser(tx, existing.id, { passwordHash, name });
        if (existing.personId) await q.updatePerson(tx, existing.personId, details);
        await audit(tx, actor, { action: 'update', table: 'users', recordId: existing.id, newValues: { signed_up_again: true, name } });
        user = { id: existing.id, orgId: org.id, email: existing.email, name };
      } else {
        const personId = uuidv7();
        const now = new Date();
        await q.insertPerson(tx, { id: personId, orgId: org.id, ...details, email: null, isActive: false, deletedAt: now });
        const id = uuidv7();
        await q.insertUser(tx, { id, orgId: org.id, email, name, role: 'patient', passwordHash, personId, emailVerifiedAt: null });
        await audit(
          tx,
          { ...actor, userId: id },
          {
            action: 'create',
            table: 'users',
            recordId: id,
            newValues: { email, name, role: 'patient', self_signup: true, ip },
          },
        );
        user = { id, orgId: org.id, email, name };
      }
      if (code) await q.reserveCode(tx, code.id, user.id);
      return sendVerification(tx, deps, user);
    });
  } catch (err) {
    // Two sign-ups for one email at once: the other one made the account and sent its email.
    if (isUniqueViolation(err)) return { status: 'verification_sent' };
    throw err;
  }
  await deps.mailer.deliver(mailId);
  return { status: 'verification_sent' };
}

/** A new link for the unconfirmed sign-up with this email (of the organization, or of every one without a slug). */
export async function resendVerification(deps: Deps, input: { org_slug?: string; email: string }, ip: string): Promise<RegisterResponse> {
  const email = input.email.trim().toLowerCase();
  await countRequest(deps.limiter, email, ip);
  const org = input.org_slug ? await q.findOrgBySlug(deps.database.db, input.org_slug) : undefined;
  const mailIds = await transaction(deps.database.db, async (tx) => {
    const accounts = input.org_slug ? (org ? [await q.lockUserByEmail(tx, org.id, email)] : []) : await q.lockUsersByEmail(tx, email);
    const ids: string[] = [];
    for (const user of accounts)
      if (user && signedUp(user, await q.awaitsVerification(tx, user.id))) ids.push(await sendVerification(tx, deps, user));
    return ids;
  });
  for (const id of mailIds) await deps.mailer.deliver(id);
  return { status: 'verification_sent' };
}

/**
 * Confirms the email and, in the same transaction, links the account to the organization's patient with
 * that email when the sign-up proved it (date of birth, or that patient's activation code), or makes
 * the account its own wellness-only patient (with a task for staff when a patient uses the email).
 * Signs the account in.
 */
export async function verifyEmail(deps: Deps, token: string, meta: { ip: string; userAgent?: string; requestId: string }) {
  return transaction(deps.database.db, async (tx) => {
    const open = await q.lockOpenVerification(tx, sha256(token));
    if (!open) throw AppError.field('token', LINK_DEAD, 'bad_request');
    const user = open.u;
    const actor: ActorRef = { orgId: user.orgId, userId: user.id, requestId: meta.requestId, name: user.name };
    await q.closeVerifications(tx, user.id);
    await q.updateUser(tx, user.id, { emailVerifiedAt: new Date() });
    const pending = user.personId ? await q.findPersonById(tx, user.orgId, user.personId) : undefined;
    const linked = pending?.deletedAt ? await linkOrCreate(tx, actor, user, pending) : true;
    await audit(tx, actor, { action: 'update', table: 'users', recordId: user.id, newValues: { email_verified: true, linked } });
    const s = await createSession(tx, user.id, user.orgId, deps.config.sessionAbsoluteMs, { ip: meta.ip, userAgent: meta.userAgent });
    await markSignedIn(tx, user.id);
    await audit(tx, actor, { action: 'login', table: 'users', recordId: user.id, newValues: { portal: 'patient', ip: meta.ip } });
    return { linked, token: s.token, expiresAt: s.expiresAt };
  });
}

type Pending = NonNullable<Awaited<ReturnType<typeof q.findPersonById>>>;

async function linkOrCreate(tx: Db, actor: ActorRef, user: q.UserRow, pending: Pending): Promise<boolean> {
  const matches = await q.lockPatientsByEmail(tx, user.orgId, user.email);
  for (const m of matches) {
    if (await q.portalUserOfPerson(tx, user.orgId, m.person.id).then((u) => u && u.isActive && u.id !== user.id)) continue;
    const code = await q.lockPresentedCode(tx, m.patient.id, user.id);
    const dobMatches = !!pending.dateOfBirth && pending.dateOfBirth === m.person.dateOfBirth;
    if (!code && !dobMatches) continue;
    await q.updateUser(tx, user.id, { personId: m.person.id });
    if (code) await q.markCodeUsed(tx, code.id, user.id);
    await q.deletePendingPerson(tx, pending.id);
    await audit(tx, actor, {
      action: 'update',
      table: 'users',
      recordId: user.id,
      oldValues: { person_id: null },
      newValues: { person_id: m.person.id, patient_id: m.patient.id, linked_by: code ? 'activation_code' : 'date_of_birth' },
    });
    await emit(tx, actor, {
      type: 'PATIENT_UPDATED',
      aggregateType: 'patient',
      aggregateId: m.patient.id,
      payload: { changed: ['portal_account'] },
    });
    return true;
  }
  // A separate wellness account: the pending person becomes a patient of its own, without a provider.
  const email = (await q.personEmailTaken(tx, user.orgId, user.email)) ? null : user.email;
  await q.updatePerson(tx, pending.id, { deletedAt: null, isActive: true, email });
  await audit(tx, actor, {
    action: 'create',
    table: 'persons',
    recordId: pending.id,
    newValues: { first_name: pending.firstName, last_name: pending.lastName, email, self_signup: true },
  });
  await emit(tx, actor, { type: 'PERSON_CREATED', aggregateType: 'person', aggregateId: pending.id });
  const patientId = uuidv7();
  const patient = {
    id: patientId,
    orgId: user.orgId,
    personId: pending.id,
    status: 'active',
    careStage: 'intake',
    wellnessModeEnabled: true,
  };
  await q.insertPatient(tx, patient);
  await addPersonRole(tx, actor, pending.id, 'patient');
  await audit(tx, actor, { action: 'create', table: 'patients', recordId: patientId, newValues: { ...patient, self_signup: true } });
  await emit(tx, actor, { type: 'PATIENT_CREATED', aggregateType: 'patient', aggregateId: patientId, payload: { person_id: pending.id } });
  for (const m of matches) {
    // Names the account, never what it typed as a date of birth.
    const description =
      `${user.name} (${user.email}) signed up in the patient portal with this patient's email but did not confirm ` +
      `who they are (date of birth or activation code), so their account is kept separate. If it is this patient, ` +
      `link it from the patient's "Portal access" card.`;
    const taskId = await q.insertTask(tx, {
      orgId: user.orgId,
      title: LINK_TASK_TITLE,
      description,
      assigneeUserId: m.patient.assignedCoachUserId,
      patientId: m.patient.id,
    });
    await audit(tx, actor, {
      action: 'create',
      table: 'tasks',
      recordId: taskId,
      newValues: { title: LINK_TASK_TITLE, linked_id: m.patient.id },
    });
    await emit(tx, actor, {
      type: 'TASK_CREATED',
      aggregateType: 'task',
      aggregateId: taskId,
      payload: { assignee_user_id: m.patient.assignedCoachUserId },
    });
  }
  return false;
}
