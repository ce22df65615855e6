// Picks the record a task is about: a lead or a patient, found by name.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Group, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { isLinkedType, isSearchableLink, taskKeys, taskService, type SearchableLink, type TaskLinkedType } from './api';

const TYPE_OPTIONS: { value: SearchableLink; label: string }[] = [
  { value: 'lead', label: 'Lead' },
  { value: 'patient', label: 'Patient' },
];

export function LinkedRecordPicker({
  type,
  id,
  initialLabel,
  onChange,
  error,
}: {
  /** The linked record's type ('' for none); only leads and patients can be searched here. */
  type: TaskLinkedType | '';
  id: string;
  initialLabel?: string;
  onChange: (type: TaskLinkedType | '', id: string) => void;
  error?: string;
}) {
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<{ value: string; label: string } | null>(null);
  const term = picked && search === picked.label ? '' : search;
  const [debounced] = useDebouncedValue(term, 250);
  const searchable = isSearchableLink(type) ? type : null;
  const hits = useQuery({
    queryKey: taskKeys.linkSearch(searchable, debounced),
    queryFn: () => (searchable ? taskService.searchLinkable(searchable, debounced) : Promise.resolve([])),
    enabled: !!searchable,
  });
  const data = (hits.data ?? []).map((h) => ({ value: h.id, label: h.email ? `${h.full_name} · ${h.email}` : h.full_name }));
  if (id && !data.some((d) => d.value === id))
    data.unshift(picked?.value === id ? picked : { value: id, label: initialLabel ?? 'Linked record' });
  return (
    <Group grow align="start">
      <Select
        label="Linked to"
        placeholder="Nothing"
        clearable
        data={TYPE_OPTIONS}
        value={type || null}
        onChange={(v) => onChange(isLinkedType(v) ? v : '', '')}
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
