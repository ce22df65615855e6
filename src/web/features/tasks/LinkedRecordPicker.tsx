// Picks the record a task is about: a lead or a patient, found by name.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Group, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { api } from '../../api/client';

type Hit = { id: string; full_name: string; email: string | null };
const SOURCES: Record<string, string> = { lead: '/api/leads', patient: '/api/v1/patients' };

export function LinkedRecordPicker({
  type,
  id,
  initialLabel,
  onChange,
  error,
}: {
  type: string;
  id: string;
  initialLabel?: string;
  onChange: (type: string, id: string) => void;
  error?: string;
}) {
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<{ value: string; label: string } | null>(null);
  const term = picked && search === picked.label ? '' : search;
  const [debounced] = useDebouncedValue(term, 250);
  const hits = useQuery({
    queryKey: ['link-search', type, debounced],
    queryFn: () => api.get<{ items: Hit[] }>(SOURCES[type]!, { search: debounced || undefined, page_size: 20 }),
    enabled: !!SOURCES[type],
  });
  const data = (hits.data?.items ?? []).map((h) => ({ value: h.id, label: h.email ? `${h.full_name} · ${h.email}` : h.full_name }));
  if (id && !data.some((d) => d.value === id))
    data.unshift(picked?.value === id ? picked : { value: id, label: initialLabel ?? 'Linked record' });
  return (
    <Group grow align="start">
      <Select
        label="Linked to"
        placeholder="Nothing"
        clearable
        data={[
          { value: 'lead', label: 'Lead' },
          { value: 'patient', label: 'Patient' },
        ]}
        value={type || null}
        onChange={(v) => onChange(v ?? '', '')}
      />
      <Select
        label="Linked record"
        placeholder={type ? 'Search by name' : 'Choose a type first'}
        disabled={!type}
        searchable
        clearable
        data={data}
        value={id || null}
        onChange={(v, option) => {
          setPicked(v && option ? { value: v, label: option.label } : null);
          onChange(type, v ?? '');
        }}
        searchValue={search}
        onSearchChange={setSearch}
        nothingFoundMessage={hits.isLoading ? 'Searching…' : 'No match'}
        filter={({ options }) => options}
        error={error}
      />
    </Group>
  );
}
