// The API shape of a referral; the patient it concerns only for roles that may read patients.
import type { ReferralItem } from '../../../shared/schemas/referrals';
import type { Lookups } from '../relationships/relationships.lookups';
import { iso } from '../relationships/relationships.presenter';
import type { ReferralRow } from './referrals.queries';

export function presentReferral(f: ReferralRow, lk: Lookups, showPatient: boolean): ReferralItem {
  const et = lk.entityTypes.get(f.entity_type_id);
  return {
    referral_id: f.id,
    entity_type: { id: f.entity_type_id, code: et?.code ?? 'unknown', common_name: et?.commonName ?? 'Unknown' },
    entity_id: f.entity_id,
    entity_name: f.entity_name,
    referral_date: f.referral_date,
    specialty: f.specialty,
    status: f.status,
    notes: f.notes,
    ...(showPatient ? { patient_id: f.patient_id } : {}),
    created_at: iso(f.created_at)!,
  };
}
