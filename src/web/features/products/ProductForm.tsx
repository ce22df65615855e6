// Create / edit a product; warns before activating a 4th product (the server refuses it with 409).
import { Alert, Button, Group, Stack, Switch, TextInput, Textarea } from '@mantine/core';
import { MAX_ACTIVE_PRODUCTS, productBody, type ProductItem } from '../../../shared/schemas/products';
import { ApiError } from '../../api/client';
import { orNull, useZodForm } from '../../components/useZodForm';
import type { ProductInput } from './api';

type ProductValues = { name: string; description: string; is_active: boolean };

export function ProductForm({
  product,
  activeOthers,
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  product?: ProductItem;
  activeOthers: ProductItem[];
  busy: boolean;
  error: unknown;
  onSubmit: (b: ProductInput) => void;
  onCancel: () => void;
}) {
  const initial: ProductValues = {
    name: product?.name ?? '',
    description: product?.description ?? '',
    is_active: product?.is_active ?? activeOthers.length < MAX_ACTIVE_PRODUCTS,
  };
  const f = useZodForm({
    initial,
    schema: productBody,
    toBody: (v) => ({ name: v.name, description: orNull(v.description), is_active: v.is_active }),
    labels: { name: 'Name', description: 'Description' },
    serverError: error,
  });
  const activating = f.values.is_active && !product?.is_active;
  const overLimit = activating && activeOthers.length >= MAX_ACTIVE_PRODUCTS;
  const limitError = error instanceof ApiError && error.status === 409;
  return (
    <form onSubmit={f.handleSubmit(onSubmit)} noValidate>
      <Stack>
        {limitError && (
          <Alert color="red" role="alert" title="Not saved: limit of active products reached">
            {error.message}
          </Alert>
        )}
        {f.serverError && !limitError && !f.serverError.problem?.errors?.length && (
          <Alert color="red" role="alert">
            {f.serverError.message}
          </Alert>
        )}
        <TextInput label="Name" required data-autofocus {...f.text('name')} />
        <Textarea label="Description" autosize minRows={2} {...f.text('description')} />
        <Switch
          label="Active (offered to leads)"
          checked={f.values.is_active}
          onChange={(e) => f.set('is_active', e.currentTarget.checked)}
        />
        {overLimit && (
          <Alert color="yellow" role="status" title={`${MAX_ACTIVE_PRODUCTS} products are already active`}>
            At most {MAX_ACTIVE_PRODUCTS} products can be active at once ({activeOthers.map((p) => p.name).join(', ')}). Deactivate one of
            them first, or save this product as inactive.
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={busy} color={overLimit ? 'yellow' : undefined}>
            {overLimit ? 'Try to save anyway' : product ? 'Save' : 'Create product'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
