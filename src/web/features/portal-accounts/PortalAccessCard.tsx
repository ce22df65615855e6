// "Portal access" on a patient's page (staff): whether the patient uses the portal, invite / send again /
// revoke, and separate wellness accounts that use the patient's email, to link (the link task's action).
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ApiError } from '../../api/client';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorState, TableSkeleton } from '../../components/states';
import { fmtDateTime } from '../../components/labels';
import type { LinkCandidate, PortalAccessStatus } from '../../../shared/schemas/portal-accounts';
import { invalidatePortalAccess, portalAccountKeys, portalAccountService } from './api';

const STATUS: Record<PortalAccessStatus, { label: string; color: string; text: string }> = {
  none: { label: 'Not invited', color: 'gray', text: 'This patient does not use the portal yet.' },
  invited: { label: 'Invited', color: 'blue', text: 'An invitation was emailed; it has not been used yet.' },
  active: { label: 'Active', color: 'teal', text: 'This patient signs in to the portal.' },
  revoked: { label: 'Revoked', color: 'red', text: 'Portal access was revoked.' },
};

const errorText = (err: unknown) =>
  err instanceof ApiError ? (err.fieldError('email') ?? err.fieldError('user_id') ?? err.message) : 'Could not reach the server; try again';

export function PortalAccessCard({ patientId, canWrite }: { patientId: string; canWrite: boolean }) {
  const qc = useQueryClient();
  const [revoking, setRevoking] = useState(false);
  const [linking, setLinking] = useState<LinkCandidate | null>(null);
  const access = useQuery({ queryKey: portalAccountKeys.access(patientId), queryFn: () => portalAccountService.access(patientId) });
  const done = (message: string) => {
    invalidatePortalAccess(qc, patientId);
    notifications.show({ color: 'teal', message });
  };
  const invite = useMutation({
    mutationFn: () => portalAccountService.invite(patientId),
    onSuccess: (r) => done(r.status === 'active' ? `Portal access opened again for ${r.email}` : `Invitation sent to ${r.email}`),
  });
  const revoke = useMutation({
    mutationFn: () => portalAccountService.revoke(patientId),
    onSuccess: () => {
      setRevoking(false);
      done('Portal access revoked');
    },
  });
  const link = useMutation({
    mutationFn: (userId: string) => portalAccountService.link(patientId, userId),
    onSuccess: () => {
      setLinking(null);
      done('Portal account linked to this patient');
    },
  });

  return (
    <Card withBorder>
      <Title order={3} size="h5" mb="sm">
        Portal access
      </Title>
      {access.isLoading ? (
        <TableSkeleton rows={2} cols={1} />
      ) : access.isError ? (
        <ErrorState error={access.error} onRetry={() => access.refetch()} what="portal access" />
      ) : (
        (() => {
          const a = access.data!;
          const s = STATUS[a.status];
          return (
            <Stack gap="xs">
              <Group gap="xs">
                <Badge color={s.color}>{s.label}</Badge>
                <Text size="sm">{s.text}</Text>
              </Group>
              {a.email && (
                <Text size="sm" c="dimmed">
                  Email: {a.email}
                </Text>
              )}
              {a.status === 'invited' && a.expires_at && (
                <Text size="sm" c="dimmed">
                  Invited {fmtDateTime(a.invited_at)} · valid until {fmtDateTime(a.expires_at)}
                </Text>
              )}
              {a.status === 'active' && (
                <Text size="sm" c="dimmed">
                  Last sign-in: {a.last_sign_in_at ? fmtDateTime(a.last_sign_in_at) : 'not yet'}
                </Text>
              )}
              {(invite.error || revoke.error || link.error) && (
                <Alert color="red" role="alert">
                  {errorText(invite.error ?? revoke.error ?? link.error)}
                </Alert>
              )}
              {canWrite && (
                <Group gap="sm">
                  {a.status !== 'active' && (
                    <Button size="sm" loading={invite.isPending} onClick={() => invite.mutate()} disabled={!a.email}>
                      {a.status === 'invited' ? 'Send again' : a.status === 'revoked' ? 'Open access again' : 'Invite to the portal'}
                    </Button>
                  )}
                  {(a.status === 'active' || a.status === 'invited') && (
                    <Button size="sm" color="red" variant="light" onClick={() => setRevoking(true)}>
                      Revoke
                    </Button>
                  )}
                </Group>
              )}
              {!a.email && a.status !== 'active' && (
                <Text size="sm" c="dimmed">
                  Add an email to this patient to invite them.
                </Text>
              )}
              {a.link_candidates.length > 0 && (
                <Stack gap={4} mt="xs">
                  <Text size="sm" fw={600}>
                    Separate portal accounts with this email
                  </Text>
                  {a.link_candidates.map((c) => (
                    <Group key={c.user_id} justify="space-between" wrap="nowrap">
                      <Text size="sm">
                        {c.name} · signed up {fmtDateTime(c.created_at)}
                      </Text>
                      {canWrite && a.status !== 'active' && (
                        <Button size="xs" variant="default" onClick={() => setLinking(c)}>
                          Link to this patient
                        </Button>
                      )}
                    </Group>
                  ))}
                </Stack>
              )}
            </Stack>
          );
        })()
      )}
      <ConfirmModal
        opened={revoking}
        title="Revoke portal access?"
        confirmLabel="Revoke access"
        busy={revoke.isPending}
        onConfirm={() => revoke.mutate()}
        onClose={() => setRevoking(false)}
      >
        Open invitations stop working and, if the patient has a portal account, it is switched off and signed out on every device.
      </ConfirmModal>
      <ConfirmModal
        opened={!!linking}
        title="Link this portal account?"
        confirmLabel="Link account"
        color="teal"
        busy={link.isPending}
        onConfirm={() => linking && link.mutate(linking.user_id)}
        onClose={() => setLinking(null)}
      >
        {linking &&
          `${linking.name} (${linking.email}) will see this patient's record in the portal. What they entered in their own account moves here, and their separate record is removed. Do this only when you are sure it is the same person.`}
      </ConfirmModal>
    </Card>
  );
}
