// One tab of a patient's clinical records (lab results, prescriptions or notes): the "Show entered in error"
// switch and the add button, the list with each row's cells, whether the patient sees it and its actions
// (a "Mark reviewed" where the kind has one, Edit, Mark entered in error), the add/edit form in a dialog and
// the confirmation of an entered-in-error. Each kind gives its words, columns, cells and form.
import { useState, type ReactNode } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Badge, Button, Group, Modal, Switch } from '@mantine/core';
import { ConfirmModal } from '../../components/ConfirmModal';
import { clinicRecordKeys, type ClinicKindPath, type ClinicListParams, type ClinicPage } from './api';
import { RecordList, RecordRow, RowActions, VisibilityBadge } from './RecordList';
import { useRecordMutations } from './useRecordMutations';
import type { Visibility } from './visibility';

type Item = { id: string; version: number; deleted_at: string | null };
type Mutations<Body, Patch> = ReturnType<typeof useRecordMutations<unknown, Body, Patch>>;

export type FormProps<T, Body> = { item?: T; busy: boolean; error: unknown; onSubmit: (b: Body) => void; onCancel: () => void };

export type ClinicTabDef<T extends Item, Body, Patch> = {
  kind: ClinicKindPath;
  service: {
    list: (patientId: string, p: ClinicListParams) => Promise<ClinicPage<T>>;
    create: (patientId: string, body: Body) => Promise<T>;
    update: (patientId: string, record: { id: string; version: number }, body: Patch) => Promise<T>;
    remove: (patientId: string, id: string) => Promise<T>;
  };
  words: {
    /** The add button and its dialog: "Record lab result". */
    add: string;
    /** The edit dialog: "Edit lab result". */
    edit: string;
    /** The list's name: "Lab results". */
    list: string;
    /** The empty list: "No lab results yet." and, with the write grant, how to add one. */
    empty: string;
    howToAdd: string;
    /** Toasts: "Lab result recorded", "Lab result saved". */
    added: string;
    saved: string;
    /** The confirmation's text after "The result disappears ...". */
    subject: string;
  };
  columns: string[];
  template: string;
  name: (r: T) => string;
  /** The row's cells before "Patient" (the visibility) and the actions. */
  cells: (r: T) => ReactNode;
  visibility: (r: T) => Visibility;
  /** "Mark reviewed" and the like, before Edit. */
  actions?: (r: T, m: Mutations<Body, Patch>) => ReactNode;
  Form: (p: FormProps<T, Body>) => ReactNode;
};

export function ClinicTab<T extends Item, Body, Patch>({
  def,
  patientId,
  canWrite,
}: {
  def: ClinicTabDef<T, Body, Patch>;
  patientId: string;
  canWrite: boolean;
}) {
  const [page, setPage] = useState(1);
  const [showDeleted, setShowDeleted] = useState(false);
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const [deleting, setDeleting] = useState<T | null>(null);
  const params = { page, page_size: 10, include_deleted: showDeleted ? 'true' : undefined } as const;
  const list = useQuery({
    queryKey: clinicRecordKeys.list(patientId, def.kind, params),
    queryFn: () => def.service.list(patientId, params),
    placeholderData: keepPreviousData,
  });
  const m = useRecordMutations(def.service, patientId);
  const saving = editing === 'new' ? m.create : m.update;
  const { words: w, Form } = def;

  return (
    <>
      <Group justify="space-between" my="xs">
        <Switch
          size="xs"
          label="Show entered in error"
          checked={showDeleted}
          onChange={(e) => {
            setShowDeleted(e.currentTarget.checked);
            setPage(1);
          }}
        />
        {canWrite && (
          <Button
            size="xs"
            onClick={() => {
              m.create.reset();
              setEditing('new');
            }}
          >
            {w.add}
          </Button>
        )}
      </Group>
      <RecordList
        query={list}
        label={w.list}
        columns={def.columns}
        template={def.template}
        empty={`${w.empty}${canWrite ? ` ${w.howToAdd}` : ''}`}
        page={page}
        onPage={setPage}
      >
        {(r) => (
          <RecordRow key={r.id} label={def.name(r)} deleted={!!r.deleted_at}>
            {def.cells(r)}
            <div>
              {r.deleted_at ? (
                <Badge size="sm" color="red" variant="light">
                  Entered in error
                </Badge>
              ) : (
                <VisibilityBadge v={def.visibility(r)} />
              )}
            </div>
            <RowActions
              name={def.name(r)}
              onEdit={
                canWrite && !r.deleted_at
                  ? () => {
                      m.update.reset();
                      setEditing(r);
                    }
                  : undefined
              }
              onDelete={canWrite && !r.deleted_at ? () => setDeleting(r) : undefined}
            >
              {canWrite && def.actions?.(r, m as Mutations<Body, Patch>)}
            </RowActions>
          </RecordRow>
        )}
      </RecordList>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing === 'new' ? w.add : w.edit} size="lg">
        {editing && (
          <Form
            key={editing === 'new' ? 'new' : editing.id}
            item={editing === 'new' ? undefined : editing}
            busy={saving.isPending}
            error={saving.error}
            onCancel={() => setEditing(null)}
            onSubmit={(body) =>
              editing === 'new'
                ? m.create.mutate({ body, message: w.added }, { onSuccess: () => setEditing(null) })
                : m.update.mutate(
                    { record: editing, body: body as unknown as Patch, message: w.saved },
                    { onSuccess: () => setEditing(null) },
                  )
            }
          />
        )}
      </Modal>
      <ConfirmModal
        opened={!!deleting}
        title={deleting ? `Mark ${def.name(deleting)} entered in error?` : ''}
        confirmLabel="Mark entered in error"
        busy={m.remove.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() =>
          deleting &&
          m.remove.mutate(
            { id: deleting.id, message: `${def.name(deleting)} marked entered in error` },
            { onSuccess: () => setDeleting(null) },
          )
        }
      >
        {w.subject} disappears from the patient's portal and from this list. It is kept in the audit trail; turn on "Show entered in error"
        to see it.
      </ConfirmModal>
    </>
  );
}
