// The staff settings that widen a role's scope (docs/security.md): a health coach may see every
// patient; a liaison may see their team's relationships. Admins change them from the Users page.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Loader, Modal, Stack, Switch, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ErrorState } from '../../components/states';
import { userKeys, userService, type StaffSettingsBody, type UserItem } from './api';

export function StaffSettingsModal({ user, onClose }: { user: UserItem | null; onClose: () => void }) {
  const qc = useQueryClient();
  const id = user?.id ?? '';
  const settings = useQuery({
    queryKey: userKeys.staffSettings(id),
    queryFn: () => userService.staffSettings(id),
    enabled: !!user,
  });
  const save = useMutation({
    mutationFn: (patch: StaffSettingsBody) => userService.setStaffSettings(id, patch),
    onSuccess: (s) => {
      qc.setQueryData(userKeys.staffSettings(id), s);
      notifications.show({ color: 'teal', message: `Access of ${user?.name} updated` });
    },
  });
  const s = settings.data;
  return (
    <Modal opened={!!user} onClose={onClose} title={user ? `What ${user.name} can see` : ''}>
      {settings.isLoading ? (
        <Loader size="sm" aria-label="Loading settings" />
      ) : settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => settings.refetch()} what="the settings" />
      ) : (
        s && (
          <Stack>
            {save.isError && (
              <Alert color="red" role="alert">
                {save.error instanceof Error ? save.error.message : 'The change was not saved'}
              </Alert>
            )}
            {user?.role === 'health_coach' && (
              <Switch
                label="Every patient, not only the assigned ones"
                description="Health coaches see the patients assigned to them unless this is on."
                checked={s.can_see_all_patients}
                disabled={save.isPending}
                onChange={(e) => save.mutate({ can_see_all_patients: e.currentTarget.checked })}
              />
            )}
            {user?.role === 'liaison' && (
              <Switch
                label="The relationships of their team"
                description="Liaisons see their own relationships unless this is on (see the Teams page)."
                checked={s.can_see_team_relationships}
                disabled={save.isPending}
                onChange={(e) => save.mutate({ can_see_team_relationships: e.currentTarget.checked })}
              />
            )}
            <Text size="xs" c="dimmed">
              Changes apply at once, to lists, exports and live updates alike.
            </Text>
          </Stack>
        )
      )}
    </Modal>
  );
}
