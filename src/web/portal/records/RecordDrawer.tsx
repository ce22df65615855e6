// The add / change form of every record screen: full screen on a phone, a dialog on a wider screen, with
// the same buttons at the bottom (save, delete when changing, cancel). The form inside is mounted only
// while open, so each opening starts from fresh values. Loaded with its form when first opened
// (../forms/lazyForm.tsx): the pages do not import it.
import { Button, Group, Modal, Stack } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { ApiError } from '../../api/client';
import { FormError } from '../../components/states';
import { useOpenedAfterMount } from '../forms/lazyForm';

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
  const shown = useOpenedAfterMount(opened);
  return (
    <Modal
      opened={shown}
      onClose={onClose}
      title={title}
      fullScreen={phone}
      radius={phone ? 0 : 'lg'}
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close', size: 'xl' }}
      styles={{ title: { fontWeight: 700, fontSize: 'var(--mantine-font-size-lg)' } }}
    >
      {shown && children}
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

/**
 * The props of a RecordFormShell: `save` the checked body, delete (when changing an entry), cancel;
 * its buttons named after what the form keeps ("Save medication", "Save changes", "Delete medication").
 */
export function shellProps<B>(
  f: { handleSubmit: (onValid: (body: B) => void) => (e: React.FormEvent) => void; serverError: ApiError | null },
  o: { noun: string; changing: boolean; save: (body: B) => void; saving: boolean; onDelete?: () => void; onDone: () => void },
) {
  return {
    onSubmit: f.handleSubmit(o.save),
    saving: o.saving,
    serverError: f.serverError,
    saveLabel: o.changing ? 'Save changes' : `Save ${o.noun}`,
    onDelete: o.onDelete,
    deleteLabel: `Delete ${o.noun}`,
    onCancel: o.onDone,
  };
}
