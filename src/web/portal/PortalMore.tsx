import { Button, Card, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useMe, useSignOut } from '../auth';

export default function PortalMore() {
  const me = useMe().data!;
  const signOut = useSignOut();
  return (
    <Stack>
      <Title order={2}>More</Title>
      <Card withBorder radius="lg">
        <Text fw={600}>{me.user.name}</Text>
        <Text size="sm" c="dimmed">
          {me.user.email}
        </Text>
      </Card>
      <Button component={Link} to="/portal/profile" size="lg" variant="light">
        Profile and settings
      </Button>
      <Button component={Link} to="/portal/access-log" size="lg" variant="light">
        Who looked at my record
      </Button>
      <Button size="lg" variant="light" color="red" onClick={() => signOut('patient')}>
        Sign out
      </Button>
    </Stack>
  );
}
