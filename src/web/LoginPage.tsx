import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Alert, Anchor, Box, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, setCsrfToken } from './api/client';
import { authKeys, authService, type Portal } from './auth';
import { TapLink } from './ForgotPasswordPage';
import { portalAccountService } from './features/portal-accounts/api';

export function LoginPage({ portal }: { portal: Portal }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A portal sign-up that has not confirmed its email (403): offer a new confirmation link.
  const [unconfirmed, setUnconfirmed] = useState<'no' | 'yes' | 'sent'>('no');
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [params] = useSearchParams();
  const patient = portal === 'patient';
  // The organization, when the page was opened from its sign-up page (/portal/login?org=slug).
  const orgSlug = patient ? params.get('org') : null;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const me = await authService.signIn(portal, { email, password });
      setCsrfToken(me.csrf_token);
      qc.setQueryData(authKeys.me, me);
      const next = params.get('next');
      const home = patient ? '/portal' : '/app';
      navigate(next && next.startsWith(home) ? next : home, { replace: true });
    } catch (err) {
      setUnconfirmed(patient && err instanceof ApiError && err.status === 403 ? 'yes' : 'no');
      setError(err instanceof ApiError ? err.message : 'Could not reach the server; try again');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Center mih="100vh" bg={patient ? 'teal.0' : 'gray.0'} p="md">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={400} radius="lg">
        <form onSubmit={submit} noValidate>
          <Stack>
            <div>
              <Title order={1} size="h2">
                {patient ? 'Patient portal' : 'HealthCRM staff'}
              </Title>
              <Text c="dimmed" size="sm">
                {patient ? 'Sign in to see your health, providers and messages.' : 'Sign in to the staff app.'}
              </Text>
            </div>
            {params.get('expired') && !error && <Alert color="yellow">Your session ended. Please sign in again.</Alert>}
            {error && (
              <Alert color="red" role="alert" title="Sign-in failed">
                {error}
                {unconfirmed !== 'no' && (
                  <Button
                    variant="white"
                    color="red"
                    mt="xs"
                    size="md"
                    disabled={unconfirmed === 'sent'}
                    onClick={() =>
                      void portalAccountService
                        .resendVerification({ email, ...(orgSlug ? { org_slug: orgSlug } : {}) })
                        .then(() => setUnconfirmed('sent'))
                        .catch((err: unknown) => setError(err instanceof ApiError ? err.message : 'Could not reach the server; try again'))
                    }
                  >
                    {unconfirmed === 'sent' ? 'A new link is on its way' : 'Send me a new link'}
                  </Button>
                )}
              </Alert>
            )}
            <TextInput
              label="Email"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              size={patient ? 'lg' : 'sm'}
              autoFocus
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              size={patient ? 'lg' : 'sm'}
            />
            <Box ta="right" mt={-12}>
              <TapLink to={patient ? '/portal/forgot-password' : '/forgot-password'}>Forgot password?</TapLink>
            </Box>
            <Button type="submit" loading={busy} size={patient ? 'lg' : 'sm'} fullWidth>
              Sign in
            </Button>
            <Text size="sm" ta="center">
              {patient ? (
                <>
                  {orgSlug && (
                    <>
                      New here? <TapLink to={`/portal/${encodeURIComponent(orgSlug)}/register`}>Create an account</TapLink>
                      <br />
                    </>
                  )}
                  Staff member? <TapLink to="/login">Staff sign-in</TapLink>
                </>
              ) : (
                <>
                  Patient? <Anchor href="/portal/login">Patient portal sign-in</Anchor>
                </>
              )}
            </Text>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
