// The staff directory for owner / assignee / clinician pickers (GET /api/users/directory, every staff role may read it).
import { useQuery } from '@tanstack/react-query';
import type { StaffDirectoryItem } from '../../../shared/schemas/users';
import { useMe } from '../../auth';
import { userKeys, userService } from './api';

export type Option = { value: string; label: string };

/** Staff users for owner / assignee / clinician pickers, from the directory every staff role may read. */
export function useStaffUsers() {
  const me = useMe().data!;
  const q = useQuery({ queryKey: userKeys.directory(), queryFn: () => userService.directory(), staleTime: 5 * 60_000 });
  const users: StaffDirectoryItem[] = q.data?.items ?? [{ id: me.user.id, name: me.user.name, role: me.user.role }];
  const options: Option[] = users.map((u) => ({ value: u.id, label: u.id === me.user.id ? `${u.name} (me)` : u.name }));
  return { users, options, isLoading: q.isLoading };
}
