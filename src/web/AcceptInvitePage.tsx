import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, Anchor, Button, Center, Paper, PasswordInput, Stack, Title } from '@mantine/core';
import { ApiError } from './api/client';
import { authService } from './auth';

export function AcceptInvitePage() {
  const [params] = useSearchParams();
  const [password, setPassword] = useState('');
  const [state, setState] = useState<{ busy: boolean; error?: string; done?: { role: string } }>({ busy: false });
  const tooShort = password.length > 0 && password.length < 8;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setState({ busy: true });
    try {
      const res = await authService.acceptInvite({ token: params.get('token') ?? '', password });
      setState({ busy: false, done: res });
    } catch (err) {
      setState({ busy: false, error: err instanceof ApiError ? err.message : 'Could not reach the server' });
    }
  }
  return (
    <Center mih="100vh" p="md">
      <Paper withBorder p="xl" w="100%" maw={400}>
        {state.done ? (
          <Stack>
            <Title order={2}>Password set</Title>
            <Anchor href={state.done.role === 'patient' ? '/portal/login' : '/login'}>Sign in now</Anchor>
          </Stack>
        ) : (
          <form onSubmit={submit}>
            <Stack>
              <Title order={2}>Choose your password</Title>
              {state.error && (
                <Alert color="red" role="alert">
                  {state.error}
                </Alert>
              )}
              <PasswordInput
                label="New password"
                description="At least 8 characters"
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                error={tooShort ? 'Password must be at least 8 characters' : undefined}
                required
              />
              <Button type="submit" loading={state.busy} disabled={password.length < 8}>
                Set password
              </Button>
            </Stack>
          </form>
        )}
      </Paper>
    </Center>
  );
}
