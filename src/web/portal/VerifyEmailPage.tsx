// Confirm the email (/portal/verify-email?token=...): the emailed link of a sign-up. Confirms once, signs
// in and goes to the portal's home; a used or expired link says so in words and offers a new one.
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Center, Group, Loader, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { ApiError, setCsrfToken } from '../api/client';
import { authKeys, authService } from '../auth';
import { TapLink } from '../ForgotPasswordPage';
import { portalAccountService } from '../features/portal-accounts/api';

type State = { kind: 'checking' } | { kind: 'dead'; message: string } | { kind: 'offline' };

export function VerifyEmailPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [state, setState] = useState<State>(token ? { kind: 'checking' } : { kind: 'dead', message: 'This link is incomplete.' });
  const started = useRef(false);
  const [email, setEmail] = useState('');
  const [resend, setResend] = useState<{ busy: boolean; sent?: boolean; error?: string }>({ busy: false });

  async function confirm() {
    setState({ kind: 'checking' });
    try {
      await portalAccountService.verifyEmail(token);
      const me = await authService.me();
      setCsrfToken(me.csrf_token);
      qc.setQueryData(authKeys.me, me);
      navigate('/portal', { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) setState({ kind: 'dead', message: err.fieldError('token') ?? err.message });
      else setState({ kind: 'offline' });
    }
  }

  useEffect(() => {
    // A link works once: confirm it once, even when React runs the effect twice (development).
    if (!token || started.current) return;
    started.current = true;
    void confirm();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per page load
  }, []);

  async function askAgain(e: React.FormEvent) {
    e.preventDefault();
    if (!/^\S+@\S+\.\S+$/.test(email.trim())) {
      setResend({ busy: false, error: 'This does not look like an email address' });
      return;
    }
    setResend({ busy: true });
    try {
      await portalAccountService.resendVerification({ email: email.trim() });
      setResend({ busy: false, sent: true });
    } catch (err) {
      setResend({ busy: false, error: err instanceof ApiError ? err.message : 'We could not reach the server; try again.' });
    }
  }

  return (
    <Center mih="100vh" bg="teal.0" p="md">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={420} radius="lg">
        {state.kind === 'checking' ? (
          <Stack align="center">
            <Loader aria-label="Confirming your email" />
            <Text>Confirming your email…</Text>
          </Stack>
        ) : state.kind === 'offline' ? (
          <Stack>
            <Title order={1} size="h2">
              Something went wrong
            </Title>
            <Text size="sm">We could not reach the server. Check your connection and try again.</Text>
            <Button size="lg" onClick={() => void confirm()}>
              Try again
            </Button>
          </Stack>
        ) : (
          <Stack>
            <Title order={1} size="h2">
              This link does not work any more
            </Title>
            <Alert color="yellow" role="alert">
              {state.message} If you already confirmed your email, just sign in. Otherwise ask for a new link below.
            </Alert>
            {resend.sent ? (
              <Alert color="teal" role="status">
                If an account is waiting for this email, a new link is on its way. It works once, for 24 hours.
              </Alert>
            ) : (
              <form onSubmit={askAgain} noValidate>
                <Stack>
                  <TextInput
                    label="Email"
                    type="email"
                    autoComplete="email"
                    size="lg"
                    value={email}
                    onChange={(e) => setEmail(e.currentTarget.value)}
                    error={resend.error}
                  />
                  <Button type="submit" size="lg" variant="default" loading={resend.busy} fullWidth>
                    Send a new link
                  </Button>
                </Stack>
              </form>
            )}
            <Group justify="center">
              <TapLink to="/portal/login">Sign in</TapLink>
            </Group>
          </Stack>
        )}
      </Paper>
    </Center>
  );
}
