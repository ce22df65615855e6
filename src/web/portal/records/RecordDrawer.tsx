// The add / change form of every record screen: full screen on a phone, a dialog on a wider screen, with
// the same buttons at the bottom (save, delete when changing, cancel). The form inside is mounted only
// while open, so each opening starts from fresh values.
import { Button, Group, Modal, Stack } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { ApiError } from '../../api/client';
import { FormError } from '../../components/states';

export function RecordDrawer({
  opened,
  title,
  onClose,
  children,
}: {
  opened: boolean;
  title: string;
  onClose: () => void;
  children: React.ReactNode;
}) {
  const phone = useMediaQuery('(max-width: 48em)', true, { getInitialValueInEffect: false });
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={title}
      fullScreen={phone}
      radius={phone ? 0 : 'lg'}
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close', size: 'xl' }}
      styles={{ title: { fontWeight: 700, fontSize: 'var(--mantine-font-size-lg)' } }}
    >
      {opened && children}
    </Modal>
  );
}

/** A record form: its fields, then what the server said about no field, then the buttons. */
export function RecordFormShell({
  onSubmit,
  children,
  saving,
  serverError,
  saveLabel,
  onDelete,
  deleteLabel = 'Delete',
  onCancel,
}: {
  onSubmit: (e: React.FormEvent) => void;
  children: React.ReactNode;
  saving: boolean;
  serverError: ApiError | null;
  saveLabel: string;
  /** Shown when changing an entry. */
  onDelete?: () => void;
  deleteLabel?: string;
  onCancel: () => void;
}) {
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        {children}
        <FormError error={serverError} />
        <Button type="submit" size="lg" loading={saving}>
          {saveLabel}
        </Button>
        <Group grow>
          {onDelete && (
            <Button variant="light" color="red" size="lg" onClick={onDelete}>
              {deleteLabel}
            </Button>
          )}
          <Button variant="default" size="lg" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
