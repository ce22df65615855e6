// Builds the API shape of the profile from the person and the account.
import { DATE_FORMATS, type DateFormat, type ProfileItem } from '../../../shared/schemas/portal-profile';
import { UNIT_SYSTEMS, type UnitSystem } from '../../../shared/units';
import type { ProfileRow } from './portal-profile.queries';

const oneOf = <T extends string>(all: readonly T[], v: string, fallback: T): T =>
  (all as readonly string[]).includes(v) ? (v as T) : fallback;

export function presentProfile(r: ProfileRow): ProfileItem {
  return {
    first_name: r.person.firstName,
    last_name: r.person.lastName,
    email: r.email,
    phone: r.person.phone,
    date_of_birth: r.person.dateOfBirth,
    preferred_units: oneOf<UnitSystem>(UNIT_SYSTEMS, r.preferredUnits, 'metric'),
    date_format: oneOf<DateFormat>(DATE_FORMATS, r.dateFormat, 'mdy'),
    version: r.person.version,
  };
}
