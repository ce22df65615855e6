// Who may manage a patient's portal access (invite, revoke, link a separate account): staff who may write
// that patient, by the patients policy (a health coach only their assigned patients; another
// organization's patient is not found). Portal sign-up itself is public and needs no policy.
import type { SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/context';
import { patientScope } from '../patients/patients.policy';

export const portalAccessScope = (actor: Actor): SQL => patientScope(actor, 'write');
