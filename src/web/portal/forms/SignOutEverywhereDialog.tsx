// "Sign out everywhere?" (ProfilePage): the confirmation, loaded when first opened (issue 11: Mantine's
// Modal is not in the page's first load).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { setCsrfToken } from '../../api/client';
import { errorMessage } from '../../components/states';
import { portalProfileService } from '../../features/portal-profile/api';
import { useOpenedAfterMount } from './lazyForm';

export function SignOutEverywhereDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const qc = useQueryClient();
  const shown = useOpenedAfterMount(opened);
  const end = useMutation({
    mutationFn: () => portalProfileService.signOutEverywhere(),
    onSuccess: () => {
      setCsrfToken(null);
      qc.clear();
      window.location.assign('/portal/login');
    },
  });
  return (
    <Modal opened={shown} onClose={onClose} title="Sign out everywhere?" centered>
      <Stack>
        <Text size="sm">You will be signed out on every device, this one too. You can sign in again with your password.</Text>
        {end.isError && (
          <Alert color="red" role="alert">
            {errorMessage(end.error)}
          </Alert>
        )}
        <Group justify="flex-end" grow>
          <Button size="lg" variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button size="lg" color="red" loading={end.isPending} onClick={() => end.mutate()} data-autofocus>
            Sign out everywhere
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
