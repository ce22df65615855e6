// Forgot password (staff at /forgot-password, patients at /portal/forgot-password): asks for the email
// and shows the same answer whether or not an account uses it (docs/security.md, "Password reset").
import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Anchor, Button, Center, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { ApiError, api } from './api/client';
import type { Portal } from './auth';
import type { ForgotPasswordResponse } from '../shared/schemas/auth';

const prefix = (portal: Portal) => (portal === 'patient' ? '/api/portal/auth' : '/api/auth');
export const signInPath = (portal: Portal) => (portal === 'patient' ? '/portal/login' : '/login');
export const forgotPath = (portal: Portal) => (portal === 'patient' ? '/portal/forgot-password' : '/forgot-password');

/** A text link with a tap target of at least 44 px (phones). */
export function TapLink({ to, children }: { to: string; children: React.ReactNode }) {
  return (
    <Anchor component={Link} to={to} size="sm" style={{ display: 'inline-block', padding: '12px 4px', minHeight: 44 }}>
      {children}
    </Anchor>
  );
}

export function ForgotPasswordPage({ portal }: { portal: Portal }) {
  const patient = portal === 'patient';
  // Inputs and buttons of at least 44 px on the portal (phones: tap targets).
  const size = patient ? 'lg' : 'sm';
  const [email, setEmail] = useState('');
  const [state, setState] = useState<{ busy: boolean; error?: string; emailError?: string; sent?: string }>({ busy: false });

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!email.trim()) {
      setState({ busy: false, emailError: 'Enter the email you sign in with' });
      return;
    }
    setState({ busy: true });
    try {
      const res = await api.post<ForgotPasswordResponse>(`${prefix(portal)}/forgot-password`, { email: email.trim() });
      setState({ busy: false, sent: res.message });
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.fieldError('email'))
        setState({ busy: false, emailError: 'This does not look like an email address' });
      else if (err instanceof ApiError && err.status === 429) setState({ busy: false, error: err.message });
      else setState({ busy: false, error: 'We could not reach the server. Check your connection and try again.' });
    }
  }

  return (
    <Center mih="100vh" bg={patient ? 'teal.0' : 'gray.0'} p="md">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={400} radius="lg">
        {state.sent ? (
          <Stack>
            <Title order={1} size="h2">
              Check your email
            </Title>
            <Alert color="teal" role="status">
              {state.sent}
            </Alert>
            <Text size="sm" c="dimmed">
              Nothing after a few minutes? Check your spam folder, or ask again.
            </Text>
            <Button component={Link} to={signInPath(portal)} size={size} fullWidth>
              Back to sign-in
            </Button>
          </Stack>
        ) : (
          <form onSubmit={submit} noValidate>
            <Stack>
              <div>
                <Title order={1} size="h2">
                  Forgot your password?
                </Title>
                <Text c="dimmed" size="sm">
                  Enter the email you sign in with. We will send you a link to choose a new password.
                </Text>
              </div>
              {state.error && (
                <Alert color="red" role="alert" title="Could not send the link">
                  {state.error}
                </Alert>
              )}
              <TextInput
                label="Email"
                type="email"
                autoComplete="username"
                required
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
                error={state.emailError}
                size={size}
                autoFocus
              />
              <Button type="submit" loading={state.busy} size={size} fullWidth>
                Send me a link
              </Button>
              <Text size="sm" ta="center">
                <TapLink to={signInPath(portal)}>Back to sign-in</TapLink>
              </Text>
            </Stack>
          </form>
        )}
      </Paper>
    </Center>
  );
}
