// Save the current filters as a named view, reopen or delete one.
import { useState } from 'react';
import { ActionIcon, Button, Group, Menu, Popover, Stack, TextInput } from '@mantine/core';
import { IconBookmark, IconTrash } from '@tabler/icons-react';
import { useSavedViews } from './savedViews';

export function SavedViewsControl({
  userId,
  currentQuery,
  openView,
}: {
  userId: string;
  currentQuery: string;
  openView: (query: string) => void;
}) {
  const { views, save, remove } = useSavedViews(userId);
  const [name, setName] = useState('');
  const [saving, setSaving] = useState(false);
  const submit = () => {
    if (name.trim()) {
      save(name.trim(), currentQuery);
      setName('');
      setSaving(false);
    }
  };
  return (
    <Group gap="xs" wrap="nowrap">
      <Menu position="bottom-start" withinPortal>
        <Menu.Target>
          <Button size="compact-xs" variant="light" leftSection={<IconBookmark size={14} />} disabled={views.length === 0}>
            Saved views{views.length ? ` (${views.length})` : ''}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {views.map((v) => (
            <Group key={v.name} gap={0} wrap="nowrap">
              <Menu.Item onClick={() => openView(v.query)} style={{ flex: 1 }}>
                {v.name}
              </Menu.Item>
              <ActionIcon variant="subtle" color="red" size="sm" aria-label={`Delete view ${v.name}`} onClick={() => remove(v.name)}>
                <IconTrash size={14} />
              </ActionIcon>
            </Group>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Popover opened={saving} onChange={setSaving} position="bottom-start" withinPortal trapFocus>
        <Popover.Target>
          <Button size="compact-xs" variant="subtle" onClick={() => setSaving((o) => !o)}>
            Save view
          </Button>
        </Popover.Target>
        <Popover.Dropdown>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              submit();
            }}
          >
            <Stack gap="xs">
              <TextInput
                size="xs"
                label="View name"
                placeholder="e.g. At-risk cardiology"
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                data-autofocus
                maxLength={60}
              />
              <Button size="xs" type="submit" disabled={!name.trim()}>
                Save
              </Button>
            </Stack>
          </form>
        </Popover.Dropdown>
      </Popover>
    </Group>
  );
}
