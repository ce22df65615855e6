// Choosing a new password with the emailed link (staff at /reset-password, patients at
// /portal/reset-password?token=...). Using the link signs the account out everywhere.
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { ApiError, api } from './api/client';
import type { Portal } from './auth';
import type { ResetPasswordResponse } from '../shared/schemas/auth';
import { TapLink, forgotPath, signInPath } from './ForgotPasswordPage';

const MIN = 8;

export function ResetPasswordPage({ portal }: { portal: Portal }) {
  const patient = portal === 'patient';
  // Inputs and buttons of at least 44 px on the portal (phones: tap targets).
  const size = patient ? 'lg' : 'sm';
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [touched, setTouched] = useState(false);
  const [state, setState] = useState<{ busy: boolean; error?: string; linkBad?: boolean; done?: string }>({ busy: false });
  const tooShort = password.length < MIN;
  const mismatch = confirm !== password;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (tooShort || mismatch) return;
    setState({ busy: true });
    try {
      const res = await api.post<ResetPasswordResponse>(`${portal === 'patient' ? '/api/portal/auth' : '/api/auth'}/reset-password`, {
        token,
        password,
      });
      setState({ busy: false, done: res.email });
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.fieldError('token'))
        setState({ busy: false, linkBad: true, error: err.fieldError('token') });
      else if (err instanceof ApiError && err.status === 400 && err.fieldError('password'))
        setState({ busy: false, error: `Your new password ${err.fieldError('password')}.` });
      else setState({ busy: false, error: 'We could not reach the server. Check your connection and try again.' });
    }
  }

  const newLink = (
    <Button component={Link} to={forgotPath(portal)} size={size} fullWidth>
      Ask for a new link
    </Button>
  );

  let content: React.ReactNode;
  if (state.done) {
    content = (
      <Stack>
        <Title order={1} size="h2">
          Password changed
        </Title>
        <Alert color="teal" role="status">
          Your new password is set for {state.done}. For your safety you were signed out on every device.
        </Alert>
        <Button component={Link} to={signInPath(portal)} size={size} fullWidth>
          Sign in
        </Button>
      </Stack>
    );
  } else if (!token || state.linkBad) {
    content = (
      <Stack>
        <Title order={1} size="h2">
          This link does not work
        </Title>
        <Alert color="yellow" role="alert">
          {state.error ?? 'The link is incomplete. Open it again from your email, or ask for a new one.'}
        </Alert>
        <Text size="sm" c="dimmed">
          A link works once and for 30 minutes.
        </Text>
        {newLink}
        <Text size="sm" ta="center">
          <TapLink to={signInPath(portal)}>Back to sign-in</TapLink>
        </Text>
      </Stack>
    );
  } else {
    content = (
      <form onSubmit={submit} noValidate>
        <Stack>
          <div>
            <Title order={1} size="h2">
              Choose a new password
            </Title>
            <Text c="dimmed" size="sm">
              After this you will be signed out on every device, and can sign in with the new password.
            </Text>
          </div>
          {state.error && (
            <Alert color="red" role="alert" title="Password not changed">
              {state.error}
            </Alert>
          )}
          <PasswordInput
            label="New password"
            description={`At least ${MIN} characters`}
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={touched && tooShort ? `Use at least ${MIN} characters` : undefined}
            size={size}
            autoFocus
          />
          <PasswordInput
            label="Repeat the new password"
            autoComplete="new-password"
            required
            value={confirm}
            onChange={(e) => setConfirm(e.currentTarget.value)}
            error={touched && !tooShort && mismatch ? 'The two passwords are not the same' : undefined}
            size={size}
          />
          <Button type="submit" loading={state.busy} size={size} fullWidth>
            Set new password
          </Button>
          <Text size="sm" ta="center">
            <TapLink to={signInPath(portal)}>Back to sign-in</TapLink>
          </Text>
        </Stack>
      </form>
    );
  }

  return (
    <Center mih="100vh" bg={patient ? 'teal.0' : 'gray.0'} p="md">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={400} radius="lg">
        {content}
      </Paper>
    </Center>
  );
}
