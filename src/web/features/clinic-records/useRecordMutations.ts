// Create, change and mark entered in error for one kind of record, each refreshing the patient's records and
// saying what happened; a failed row action (no form to show it) says why in a toast.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { ApiError } from '../../api/client';
import { errorMessage } from '../../components/states';
import { invalidateClinicRecords } from './api';

type Service<Item, Body, Patch> = {
  create: (patientId: string, body: Body) => Promise<Item>;
  update: (patientId: string, record: { id: string; version: number }, body: Patch) => Promise<Item>;
  remove: (patientId: string, id: string) => Promise<Item>;
};

export function useRecordMutations<Item, Body, Patch>(service: Service<Item, Body, Patch>, patientId: string) {
  const qc = useQueryClient();
  const refresh = () => invalidateClinicRecords(qc, patientId);
  const done = (message: string) => {
    void refresh();
    notifications.show({ color: 'teal', message });
  };
  const create = useMutation({
    mutationFn: ({ body }: { body: Body; message: string }) => service.create(patientId, body),
    onSuccess: (_r, v) => done(v.message),
  });
  const update = useMutation({
    mutationFn: ({ record, body }: { record: { id: string; version: number }; body: Patch; message: string; inline?: boolean }) =>
      service.update(patientId, record, body),
    onSuccess: (_r, v) => done(v.message),
    onError: (err, v) => {
      if (err instanceof ApiError && err.status === 412) void refresh();
      if (v.inline) notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(err) });
    },
  });
  const remove = useMutation({
    mutationFn: ({ id }: { id: string; message: string }) => service.remove(patientId, id),
    onSuccess: (_r, v) => done(v.message),
    onError: (err) => notifications.show({ color: 'red', title: 'Not changed', message: errorMessage(err) }),
  });
  return { create, update, remove };
}
