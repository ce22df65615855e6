// Delete with "Undo": every record screen deletes at once (the delete is soft) and offers the way back in
// a toast that calls restore. The same toast undoes a quick change ("Stop taking").
import { Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { errorMessage } from '../../components/states';

let counter = 0;

/** Shows "<what>" with an Undo button; `undo` runs at most once. */
export function toastWithUndo(what: string, undo: () => Promise<unknown>) {
  const id = `undo-${++counter}`;
  let used = false;
  const run = async () => {
    if (used) return;
    used = true;
    notifications.update({ id, message: 'Undoing...', loading: true, autoClose: false });
    try {
      await undo();
      notifications.update({ id, message: 'Undone', loading: false, color: 'teal', autoClose: 3000 });
    } catch (err) {
      notifications.update({ id, title: 'Could not undo', message: errorMessage(err), loading: false, color: 'red', autoClose: 6000 });
    }
  };
  notifications.show({
    id,
    autoClose: 8000,
    withCloseButton: true,
    closeButtonProps: { 'aria-label': 'Close' },
    message: (
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Text size="sm">{what}</Text>
        <Button variant="light" size="md" onClick={run}>
          Undo
        </Button>
      </Group>
    ),
  });
}

/** A toast for a failed quick action (the forms show their own errors). */
export function toastError(title: string, err: unknown) {
  notifications.show({ title, message: errorMessage(err), color: 'red', autoClose: 6000 });
}

/** Deletes, then offers the undo (restore); a failure says so. */
export async function deleteWithUndo(opts: { what: string; remove: () => Promise<unknown>; restore: () => Promise<unknown> }) {
  try {
    await opts.remove();
  } catch (err) {
    toastError('Could not delete', err);
    return;
  }
  toastWithUndo(opts.what, opts.restore);
}

/** A form's "Delete" (shown when changing an entry, none when adding): closes the form, deletes, offers the undo. */
export function deleteFromForm<T>(
  entry: T | null,
  onDone: () => void,
  how: (entry: T) => { what: string; remove: () => Promise<unknown>; restore: () => Promise<unknown> },
): (() => void) | undefined {
  if (!entry) return undefined;
  return () => {
    onDone();
    void deleteWithUndo(how(entry));
  };
}
