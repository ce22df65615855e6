// The API shapes of persons and their role periods.
import type { personRoles } from '../../db/schema';
import type { PersonItem, PersonRoleItem, PersonRoleType } from '../../../shared/schemas/persons';
import type { PersonRow } from './persons.queries';

export function presentPerson(p: PersonRow): PersonItem {
  return {
    id: p.id,
    first_name: p.firstName,
    last_name: p.lastName,
    full_name: `${p.firstName} ${p.lastName}`,
    email: p.email,
    phone: p.phone,
    date_of_birth: p.dateOfBirth,
    is_active: p.isActive,
    deleted_at: p.deletedAt?.toISOString() ?? null,
    current_roles: p.currentRoles ?? [],
    version: p.version,
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}

export function presentPersonRole(r: typeof personRoles.$inferSelect): PersonRoleItem {
  return {
    id: r.id,
    person_id: r.personId,
    role: r.role as PersonRoleType,
    valid_from: r.validFrom.toISOString(),
    valid_to: r.validTo?.toISOString() ?? null,
    is_current: r.validTo === null || r.validTo.getTime() > Date.now(),
  };
}
