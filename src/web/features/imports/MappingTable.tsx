// Which CSV column feeds which field, with the first values of that column as a preview.
import { Select, Table, Text } from '@mantine/core';
import type { TargetField } from './csv';

export function MappingTable({
  fields,
  headers,
  rows,
  mapping,
  onChange,
}: {
  fields: TargetField[];
  headers: string[];
  rows: string[][];
  mapping: Record<string, string>;
  onChange: (m: Record<string, string>) => void;
}) {
  const sample = (col: string | undefined) => {
    const i = col ? headers.indexOf(col) : -1;
    return i < 0
      ? ''
      : rows
          .slice(0, 3)
          .map((r) => r[i] ?? '')
          .filter(Boolean)
          .join(' · ');
  };
  return (
    <Table verticalSpacing={4} fz="sm">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Field</Table.Th>
          <Table.Th>CSV column</Table.Th>
          <Table.Th>First values</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {fields.map((f) => (
          <Table.Tr key={f.key}>
            <Table.Td>
              <Text size="sm" fw={500}>
                {f.label}
                {f.required ? ' *' : ''}
              </Text>
            </Table.Td>
            <Table.Td>
              <Select
                aria-label={`Column for ${f.label}`}
                size="xs"
                w={220}
                placeholder="Not imported"
                clearable
                data={headers}
                value={mapping[f.key] ?? null}
                error={f.required && !mapping[f.key] ? 'Required' : undefined}
                onChange={(v) => {
                  const m = { ...mapping };
                  if (v) m[f.key] = v;
                  else delete m[f.key];
                  onChange(m);
                }}
              />
            </Table.Td>
            <Table.Td>
              <Text size="xs" c="dimmed" truncate maw={360}>
                {sample(mapping[f.key])}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
