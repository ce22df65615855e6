// Products (002): the list, create/edit, activate/deactivate within the limit of 3 active products.
import { useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Group, Modal, Paper, Stack, Switch, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import type { ColumnDef } from '@tanstack/react-table';
import { can } from '../../../shared/permissions';
import { MAX_ACTIVE_PRODUCTS } from '../../../shared/schemas/products';
import { ApiError } from '../../api/client';
import { useMe } from '../../auth';
import { DataTable } from '../../components/DataTable';
import { EmptyState, ErrorState, TableSkeleton, errorMessage } from '../../components/states';
import { useUrlState } from '../../components/useUrlState';
import { ProductForm } from './ProductForm';
import {
  invalidateProducts,
  PRODUCT_SORTS,
  productKeys,
  productService,
  type ProductInput,
  type ProductItem,
  type ProductListParams,
} from './api';

/** The page's state in the URL: the product being edited and the sort. */
type ProductsUrlState = Record<'edit' | 'sort_by' | 'sort_order', string | undefined>;
const DEFAULTS: ProductsUrlState = { edit: undefined, sort_by: 'name', sort_order: 'asc' };

export default function ProductsPage() {
  const me = useMe().data!;
  const canWrite = can(me.user.role, 'products', 'write');
  const [s, set] = useUrlState(DEFAULTS);
  const [creating, setCreating] = useState(false);
  const qc = useQueryClient();
  const params: ProductListParams = {
    page_size: 100,
    sort_by: PRODUCT_SORTS.find((x) => x === s.sort_by),
    sort_order: s.sort_order === 'desc' ? 'desc' : 'asc',
  };
  const list = useQuery({ queryKey: productKeys.list(params), queryFn: () => productService.list(params) });
  const items = list.data?.items ?? [];
  const active = items.filter((p) => p.is_active);
  const editing = s.edit ? items.find((p) => p.id === s.edit) : undefined;
  const close = () => {
    setCreating(false);
    set({ edit: undefined }, { resetPage: false });
    save.reset();
  };

  const save = useMutation({
    mutationFn: (b: ProductInput) => (editing ? productService.update(editing.id, editing.version, b) : productService.create(b)),
    onSuccess: (p) => {
      void invalidateProducts(qc);
      notifications.show({ color: 'teal', message: `${p.name} saved` });
      close();
    },
    onError: (err) => {
      if (err instanceof ApiError && (err.status === 409 || err.status === 412)) void invalidateProducts(qc);
    },
  });
  const toggle = useMutation({
    mutationFn: (p: ProductItem) => productService.update(p.id, p.version, { is_active: !p.is_active }),
    onSuccess: (p) => {
      void invalidateProducts(qc);
      notifications.show({ color: 'teal', message: `${p.name} is now ${p.is_active ? 'active' : 'inactive'}` });
    },
    onError: (err) => {
      void invalidateProducts(qc);
      notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(err), autoClose: 8000 });
    },
  });

  const columns = useMemo<ColumnDef<ProductItem, unknown>[]>(
    () => [
      {
        id: 'name',
        header: 'Name',
        cell: ({ row }) => (
          <Text size="sm" fw={500}>
            {row.original.name}
          </Text>
        ),
      },
      {
        id: 'description',
        header: 'Description',
        cell: ({ row }) => (
          <Text size="sm" lineClamp={1} maw={420}>
            {row.original.description ?? '—'}
          </Text>
        ),
      },
      { id: 'lead_count', header: 'Leads', cell: ({ row }) => row.original.lead_count ?? '—' },
      {
        id: 'is_active',
        header: 'Active',
        cell: ({ row }) => {
          const p = row.original;
          const blocked = !p.is_active && active.length >= MAX_ACTIVE_PRODUCTS;
          const sw = (
            <Switch
              aria-label={`${p.is_active ? 'Deactivate' : 'Activate'} ${p.name}`}
              checked={p.is_active}
              disabled={!canWrite || blocked || toggle.isPending}
              onClick={(e) => e.stopPropagation()}
              onChange={() => toggle.mutate(p)}
            />
          );
          return blocked ? (
            <Tooltip label={`${MAX_ACTIVE_PRODUCTS} products are already active: deactivate one first`}>
              <span>{sw}</span>
            </Tooltip>
          ) : (
            sw
          );
        },
      },
      { id: 'updated_at', header: 'Updated', cell: ({ row }) => new Date(row.original.updated_at).toLocaleDateString() },
    ],
    [active.length, canWrite, toggle],
  );

  return (
    <Stack>
      <Group justify="space-between">
        <div>
          <Title order={2}>Products</Title>
          <Text size="sm" c="dimmed">
            {active.length} of {MAX_ACTIVE_PRODUCTS} active products
          </Text>
        </div>
        {canWrite && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            New product
          </Button>
        )}
      </Group>
      {active.length >= MAX_ACTIVE_PRODUCTS && (
        <Badge color="yellow" variant="light" size="lg" w="fit-content">
          Active limit reached: deactivate a product before activating another
        </Badge>
      )}
      <Paper withBorder p="sm">
        {list.isLoading ? (
          <TableSkeleton rows={4} />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => list.refetch()} what="products" />
        ) : items.length === 0 ? (
          <EmptyState
            title="No products yet"
            action={
              canWrite ? (
                <Button variant="light" onClick={() => setCreating(true)}>
                  Create the first product
                </Button>
              ) : undefined
            }
          >
            Products are the services or programs leads are interested in. Up to {MAX_ACTIVE_PRODUCTS} can be active at once.
          </EmptyState>
        ) : (
          <DataTable
            caption="Products"
            data={items}
            columns={columns}
            rowKey={(p) => p.id}
            sortable={['name', 'updated_at']}
            sort={{ sortBy: s.sort_by, sortOrder: s.sort_order === 'desc' ? 'desc' : 'asc' }}
            onSortChange={(x) => set({ sort_by: x.sortBy, sort_order: x.sortOrder })}
            onRowOpen={canWrite ? (p) => set({ edit: p.id }, { resetPage: false }) : undefined}
            selectedKey={s.edit}
          />
        )}
      </Paper>
      <Modal opened={creating || !!editing} onClose={close} title={editing ? `Edit ${editing.name}` : 'New product'}>
        {(creating || editing) && (
          <ProductForm
            key={editing?.id ?? 'new'}
            product={editing}
            activeOthers={active.filter((p) => p.id !== editing?.id)}
            busy={save.isPending}
            error={save.error}
            onSubmit={(b) => save.mutate(b)}
            onCancel={close}
          />
        )}
      </Modal>
    </Stack>
  );
}
