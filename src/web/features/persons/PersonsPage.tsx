// People: search by name, email or phone, filter by role, create a person.
import { humanize } from '../../components/labels';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Checkbox, Group, Modal, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedCallback, useDisclosure, useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import type { ColumnDef } from '@tanstack/react-table';
import { PERSON_ROLE_TYPES } from '../../../shared/schemas/persons';
import { can } from '../../../shared/permissions';
import { useMe } from '../../auth';
import { DataTable, Pager } from '../../components/DataTable';
import { EmptyState, ErrorState, TableSkeleton } from '../../components/states';
import { useUrlState } from '../../components/useUrlState';
import { PersonForm } from './PersonForm';
import { invalidatePersons, personKeys, personListParams, personService, type PersonItem, type PersonUrlState } from './api';

const DEFAULTS: PersonUrlState = {
  search: undefined,
  role: undefined,
  page: '1',
  page_size: '50',
  sort_by: 'name',
  sort_order: 'asc',
  include_deleted: undefined,
};

export default function PersonsPage() {
  const me = useMe().data!;
  const [s, set] = useUrlState(DEFAULTS);
  const [searchInput, setSearchInput] = useState(s.search ?? '');
  const applySearch = useDebouncedCallback((v: string) => set({ search: v.trim() || undefined }), 250);
  const [creating, createModal] = useDisclosure(false);
  const navigate = useNavigate();
  const qc = useQueryClient();
  useHotkeys([['/', () => document.getElementById('persons-search')?.focus()]]);

  const params = personListParams(s);
  const query = useQuery({
    queryKey: personKeys.list(params),
    queryFn: () => personService.list(params),
    placeholderData: keepPreviousData,
  });
  const create = useMutation({
    mutationFn: personService.create,
    onSuccess: (p) => {
      void invalidatePersons(qc);
      createModal.close();
      notifications.show({
        color: p.matched_existing ? 'yellow' : 'teal',
        message: p.matched_existing
          ? `${p.full_name} already exists with this email: opened the existing person`
          : `${p.full_name} created`,
      });
      navigate(`/app/persons/${p.id}`);
    },
  });

  const columns = useMemo<ColumnDef<PersonItem, unknown>[]>(
    () => [
      {
        id: 'name',
        header: 'Name',
        cell: ({ row }) => (
          <Text size="sm" fw={500} td={row.original.deleted_at ? 'line-through' : undefined}>
            {row.original.last_name}, {row.original.first_name}
          </Text>
        ),
      },
      { id: 'email', header: 'Email', cell: ({ row }) => row.original.email ?? '—' },
      { id: 'phone', header: 'Phone', cell: ({ row }) => row.original.phone ?? '—' },
      {
        id: 'roles',
        header: 'Roles',
        cell: ({ row }) => (
          <Group gap={4}>
            {row.original.current_roles.map((r) => (
              <Badge key={r} size="sm" variant="light">
                {humanize(r)}
              </Badge>
            ))}
          </Group>
        ),
      },
      { id: 'created_at', header: 'Created', cell: ({ row }) => new Date(row.original.created_at).toLocaleDateString() },
    ],
    [],
  );

  const filtered = !!(s.search || s.role);
  const clear = () => {
    applySearch.cancel();
    setSearchInput('');
    set({ search: undefined, role: undefined });
  };
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>People</Title>
        {can(me.user.role, 'persons', 'write') && (
          <Button leftSection={<IconPlus size={16} />} onClick={createModal.open}>
            New person
          </Button>
        )}
      </Group>
      <Paper withBorder p="sm">
        <Group gap="sm" align="end" wrap="wrap">
          <TextInput
            id="persons-search"
            label="Search"
            placeholder="Name, email or phone  ( / )"
            leftSection={<IconSearch size={16} />}
            value={searchInput}
            onChange={(e) => {
              setSearchInput(e.currentTarget.value);
              applySearch(e.currentTarget.value);
            }}
            w={300}
          />
          <Select
            label="Role"
            placeholder="Any role"
            clearable
            data={PERSON_ROLE_TYPES.map((r) => ({ value: r, label: humanize(r) }))}
            value={s.role ?? null}
            onChange={(v) => set({ role: v ?? undefined })}
            w={180}
          />
          <Checkbox
            label="Include deleted"
            checked={s.include_deleted === 'true'}
            onChange={(e) => set({ include_deleted: e.currentTarget.checked ? 'true' : undefined })}
            mb={8}
          />
          {filtered && (
            <Button variant="subtle" onClick={clear}>
              Clear filters
            </Button>
          )}
        </Group>
      </Paper>
      <Paper withBorder p="sm">
        {query.isLoading ? (
          <TableSkeleton />
        ) : query.isError ? (
          <ErrorState error={query.error} onRetry={() => query.refetch()} what="people" />
        ) : query.data!.items.length === 0 ? (
          <EmptyState
            title={filtered ? 'No people match these filters' : 'No people yet'}
            action={
              filtered ? (
                <Button variant="light" onClick={clear}>
                  Clear filters
                </Button>
              ) : undefined
            }
          >
            {filtered ? 'Try a shorter search or another role.' : 'Create the first person with "New person".'}
          </EmptyState>
        ) : (
          <>
            <DataTable
              caption="People"
              data={query.data!.items}
              columns={columns}
              rowKey={(p) => p.id}
              sortable={['name', 'created_at']}
              sort={{ sortBy: s.sort_by, sortOrder: s.sort_order as 'asc' | 'desc' }}
              onSortChange={(x) => set({ sort_by: x.sortBy, sort_order: x.sortOrder })}
              onRowOpen={(p) => navigate(`/app/persons/${p.id}`)}
            />
            <Pager
              page={Number(s.page)}
              pageSize={Number(s.page_size)}
              total={query.data!.total_count}
              onPage={(p) => set({ page: String(p) }, { resetPage: false })}
              onPageSize={(n) => set({ page_size: String(n) })}
            />
          </>
        )}
      </Paper>
      <Modal opened={creating} onClose={createModal.close} title="New person">
        <PersonForm
          submitLabel="Create"
          busy={create.isPending}
          error={create.error}
          onSubmit={(b) => create.mutate(b)}
          onCancel={createModal.close}
        />
      </Modal>
    </Stack>
  );
}
