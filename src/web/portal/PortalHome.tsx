import { Card, Stack, Text, Title } from '@mantine/core';
import { useMe } from '../auth';

export default function PortalHome() {
  const me = useMe().data!;
  return (
    <Stack>
      <Title order={2}>Hello, {me.user.name.split(' ')[0]}</Title>
      <Card withBorder radius="lg" p="lg">
        <Text fw={600}>Your health, in your hands</Text>
        <Text size="sm" c="dimmed" mt={4}>
          This is your private space at {me.user.org_name}. Only you decide who can see your data.
        </Text>
      </Card>
    </Stack>
  );
}
