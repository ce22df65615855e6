// Saving a record form (medications, lab results, symptoms, the medical history): a new entry, or a
// change sent with the entry's version; its "Delete" with undo; the form closes when done.
import { useRecordMutations, type ItemOf, type RecordKind, type RecordTypes } from '../../features/portal-records/api';
import { shellProps } from './RecordDrawer';
import { deleteFromForm } from './undo';

export function useRecordSave<K extends RecordKind>(
  kind: K,
  editing: ItemOf<K> | null,
  opts: {
    onDone: () => void;
    /** After a save, instead of onDone. */
    onSaved?: (saved: ItemOf<K>) => void;
    /** The toast after a delete: "Aspirin deleted". */
    deleted: (entry: ItemOf<K>) => string;
  },
) {
  const { create, update, remove, restore } = useRecordMutations(kind);
  const mutation = editing ? update : create;
  const onSuccess = opts.onSaved ?? opts.onDone;
  // The form's body is checked by the schema of a new entry or of a change (useRecordForm).
  const save = (body: unknown) => {
    if (editing) update.mutate({ id: editing.id, version: editing.version, body: body as RecordTypes[K]['patch'] }, { onSuccess });
    else create.mutate(body as RecordTypes[K]['body'], { onSuccess });
  };
  const onDelete = deleteFromForm(editing, opts.onDone, (e) => ({
    what: opts.deleted(e),
    remove: () => remove.mutateAsync(e.id),
    restore: () => restore.mutateAsync(e.id),
  }));
  return {
    mutation,
    /** The RecordFormShell's props for the form `f` (useRecordForm) of a `noun` ("medication"). */
    shell: (f: Parameters<typeof shellProps<unknown>>[0], noun: string) =>
      shellProps(f, { noun, changing: !!editing, save, saving: mutation.isPending, onDelete, onDone: opts.onDone }),
  };
}
