// Finds a patient by name for a form.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { appointmentKeys, appointmentService } from './api';

export function PatientPicker({
  value,
  onChange,
  error,
  required,
  initialLabel,
}: {
  value: string;
  onChange: (id: string) => void;
  error?: string;
  required?: boolean;
  initialLabel?: string;
}) {
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<{ value: string; label: string } | null>(null);
  // After a pick the input shows the option's label: that is not a new search.
  const term = picked && search === picked.label ? '' : search;
  const [debounced] = useDebouncedValue(term, 250);
  const hits = useQuery({
    queryKey: appointmentKeys.patientSearch(debounced),
    queryFn: () => appointmentService.searchPatients(debounced),
  });
  const data = (hits.data?.items ?? []).map((p) => ({ value: p.id, label: p.email ? `${p.full_name} · ${p.email}` : p.full_name }));
  if (value && !data.some((d) => d.value === value))
    data.unshift(picked?.value === value ? picked : { value, label: initialLabel ?? 'Selected patient' });
  return (
    <Select
      label="Patient"
      required={required}
      placeholder="Search by name"
      searchable
      clearable
      data={data}
      value={value || null}
      onChange={(v, option) => {
        setPicked(v && option ? { value: v, label: option.label } : null);
        onChange(v ?? '');
      }}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={hits.isLoading ? 'Searching…' : 'No patient found'}
      error={error}
    />
  );
}
