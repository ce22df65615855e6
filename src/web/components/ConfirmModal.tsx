// A confirmation for destructive actions: says what will happen, the confirm button names the action.
import { Button, Group, Modal, Text } from '@mantine/core';

export function ConfirmModal({
  opened,
  title,
  children,
  confirmLabel,
  color = 'red',
  busy,
  onConfirm,
  onClose,
}: {
  opened: boolean;
  title: string;
  children: React.ReactNode;
  confirmLabel: string;
  color?: string;
  busy?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <Text size="sm">{children}</Text>
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button color={color} loading={busy} onClick={onConfirm} data-autofocus>
          {confirmLabel}
        </Button>
      </Group>
    </Modal>
  );
}
