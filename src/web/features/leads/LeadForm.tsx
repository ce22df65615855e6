// Create / edit a lead (the person's fields and the pipeline fields), validated with the shared schema.
import { PersonFields, PERSON_LABELS, personBodyOf, personInitial } from '../persons/PersonFields';
import { FormError } from '../../components/states';
import { Button, Group, NumberInput, Select, SimpleGrid, Stack, TextInput, Textarea, Autocomplete } from '@mantine/core';
import {
  ACQUISITION_SOURCES,
  LEAD_STAGE_LABELS,
  LEAD_STAGES,
  leadBody,
  type LeadItem,
  type LeadStage,
} from '../../../shared/schemas/leads';
import { orNull, useZodForm } from '../../components/useZodForm';
import { productOptions, useProducts } from '../products/useProducts';
import { useConditions } from '../patients/useConditions';
import { useStaffUsers } from '../users/useStaffUsers';
import { can } from '../../../shared/permissions';
import { useMe } from '../../auth';
import type { LeadInput } from './api';

/** The form's values: text as typed (the value too), the stage one of the schema's. */
type LeadValues = ReturnType<typeof personInitial> & {
  stage: LeadStage;
  product_id: string;
  acquisition_source: string;
  owner_user_id: string;
  medical_condition_id: string;
  value: string;
  notes: string;
};

function leadInitial(lead?: LeadItem): LeadValues {
  return {
    ...personInitial(lead),
    stage: lead?.stage ?? 'lead',
    product_id: lead?.product_id ?? '',
    acquisition_source: lead?.acquisition_source ?? '',
    owner_user_id: lead?.owner_user_id ?? '',
    medical_condition_id: lead?.medical_condition_id ?? '',
    value: lead?.value != null ? String(lead.value) : '',
    notes: lead?.notes ?? '',
  };
}

export function LeadForm({
  lead,
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  lead?: LeadItem;
  busy: boolean;
  error: unknown;
  onSubmit: (b: LeadInput) => void;
  onCancel: () => void;
}) {
  const products = useProducts();
  const conditions = useConditions();
  const staff = useStaffUsers();
  // 002: a lead's owner is changed by managers; others create leads they own, and see the owner.
  const canAssign = can(useMe().data!.user.role, 'lead_assignment', 'write');
  const f = useZodForm({
    initial: leadInitial(lead),
    schema: leadBody,
    toBody: (v) => ({
      ...personBodyOf(v),
      stage: v.stage,
      product_id: orNull(v.product_id),
      acquisition_source: orNull(v.acquisition_source),
      ...(canAssign ? { owner_user_id: orNull(v.owner_user_id) } : {}),
      medical_condition_id: orNull(v.medical_condition_id),
      value: v.value === '' ? null : Number(v.value),
      notes: orNull(v.notes),
    }),
    labels: {
      ...PERSON_LABELS,
      stage: 'Stage',
      product_id: 'Product',
      acquisition_source: 'Source',
      owner_user_id: 'Owner',
      medical_condition_id: 'Medical condition',
      value: 'Value',
      notes: 'Notes',
    },
    serverError: error,
  });
  return (
    <form onSubmit={f.handleSubmit(onSubmit)} noValidate>
      <Stack gap="sm">
        <FormError error={f.serverError} />
        <SimpleGrid cols={2}>
          <PersonFields f={f} />
          <Select
            label="Stage"
            data={LEAD_STAGES.map((s) => ({ value: s, label: LEAD_STAGE_LABELS[s] }))}
            allowDeselect={false}
            {...f.select('stage')}
          />
          <Select label="Product" placeholder="None" clearable data={productOptions(products.data?.items)} {...f.select('product_id')} />
          <Autocomplete
            label="Source"
            placeholder="e.g. website"
            data={ACQUISITION_SOURCES.map((x) => x)}
            value={f.values.acquisition_source}
            onChange={(v) => f.set('acquisition_source', v)}
            error={f.errorOf('acquisition_source')}
          />
          {canAssign ? (
            <Select label="Owner" placeholder="Unassigned" clearable data={staff.options} {...f.select('owner_user_id')} />
          ) : (
            <TextInput
              label="Owner"
              readOnly
              value={lead ? (lead.owner_name ?? 'Unassigned') : 'You'}
              description="Only a manager can assign a lead to someone else"
            />
          )}
          <Select
            label="Medical condition"
            placeholder="None"
            clearable
            searchable
            data={(conditions.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
            {...f.select('medical_condition_id')}
          />
          <NumberInput
            label="Value"
            min={0}
            prefix="$"
            thousandSeparator
            value={f.values.value}
            onChange={(v) => f.set('value', v === '' ? '' : String(v))}
            error={f.errorOf('value')}
          />
        </SimpleGrid>
        <Textarea label="Notes" autosize minRows={2} {...f.text('notes')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            {lead ? 'Save' : 'Create lead'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
