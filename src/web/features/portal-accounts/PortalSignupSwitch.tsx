// Admins: whether people may create their own portal account at /portal/{org}/register (invitations work
// either way). Shown on the Users page.
import { Paper, Switch, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { ApiError } from '../../api/client';
import { portalAccountKeys, portalAccountService } from './api';

export function PortalSignupSwitch() {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: portalAccountKeys.settings, queryFn: portalAccountService.settings });
  const save = useMutation({
    mutationFn: (on: boolean) => portalAccountService.updateSettings({ self_signup: on }),
    onSuccess: (r) => {
      qc.setQueryData(portalAccountKeys.settings, r);
      notifications.show({
        color: 'teal',
        message: r.self_signup ? 'Patients can sign up by themselves' : 'Sign-up is by invitation only',
      });
    },
    onError: (e) =>
      notifications.show({ color: 'red', message: e instanceof ApiError ? e.message : 'Could not reach the server; try again' }),
  });
  if (q.isError) return null;
  return (
    <Paper withBorder p="sm">
      <Switch
        size="md"
        label="Patients may create their own portal account"
        description="Off: only patients you invite from their page can open the portal."
        checked={q.data?.self_signup ?? false}
        disabled={!q.data || save.isPending}
        onChange={(e) => save.mutate(e.currentTarget.checked)}
      />
      {!q.data && (
        <Text size="xs" c="dimmed" mt={4}>
          Loading…
        </Text>
      )}
    </Paper>
  );
}
