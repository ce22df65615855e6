// Sign up at an organization's portal (/portal/:orgSlug/register, issue 11, 001 Flow 1): name, email,
// password, an optional date of birth (to match the records the organization holds) and an activation
// code (from a staff invitation's link), then "Check your email" with a way to ask for a new link.
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Center, Group, Loader, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { ApiError } from '../api/client';
import { TapLink } from '../ForgotPasswordPage';
import { portalAccountKeys, portalAccountService } from '../features/portal-accounts/api';

type Fields = { first_name: string; last_name: string; email: string; password: string; date_of_birth: string; activation_code: string };
type FieldErrors = Partial<Record<keyof Fields, string>>;

const FIELD_WORDS: Record<keyof Fields, string> = {
  first_name: 'Please enter your first name',
  last_name: 'Please enter your last name',
  email: 'This does not look like an email address',
  password: 'Choose a password of at least 8 characters',
  date_of_birth: 'Please enter a real date that is not in the future',
  activation_code: 'This code does not work; check it or ask your care team for a new invitation',
};

function Frame({ children }: { children: React.ReactNode }) {
  return (
    <Center mih="100vh" bg="teal.0" p="md">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={440} radius="lg">
        {children}
      </Paper>
    </Center>
  );
}

export function RegisterPage() {
  const slug = useParams().orgSlug!;
  const [params] = useSearchParams();
  const org = useQuery({
    queryKey: portalAccountKeys.organization(slug),
    queryFn: () => portalAccountService.organization(slug),
    retry: false,
  });
  const [f, setF] = useState<Fields>({
    first_name: '',
    last_name: '',
    email: params.get('email') ?? '',
    password: '',
    date_of_birth: '',
    activation_code: params.get('code') ?? '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [state, setState] = useState<{ busy: boolean; error?: string; sent?: boolean; resent?: boolean }>({ busy: false });
  const set = (k: keyof Fields) => (e: React.ChangeEvent<HTMLInputElement>) => setF({ ...f, [k]: e.currentTarget.value });

  function check(): FieldErrors {
    const e: FieldErrors = {};
    if (!f.first_name.trim()) e.first_name = FIELD_WORDS.first_name;
    if (!f.last_name.trim()) e.last_name = FIELD_WORDS.last_name;
    if (!/^\S+@\S+\.\S+$/.test(f.email.trim())) e.email = FIELD_WORDS.email;
    if (f.password.length < 8) e.password = FIELD_WORDS.password;
    return e;
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const found = check();
    setErrors(found);
    if (Object.keys(found).length) return;
    setState({ busy: true });
    try {
      await portalAccountService.register({
        org_slug: slug,
        email: f.email.trim(),
        password: f.password,
        first_name: f.first_name.trim(),
        last_name: f.last_name.trim(),
        date_of_birth: f.date_of_birth || null,
        activation_code: f.activation_code.trim() || null,
      });
      setState({ busy: false, sent: true });
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        const next: FieldErrors = {};
        for (const k of Object.keys(FIELD_WORDS) as (keyof Fields)[]) if (err.fieldError(k)) next[k] = FIELD_WORDS[k];
        setErrors(next);
        setState({ busy: false, error: Object.keys(next).length ? undefined : err.message });
      } else if (err instanceof ApiError && (err.status === 403 || err.status === 429 || err.status === 404)) {
        if (err.fieldError('activation_code')) setErrors({ activation_code: FIELD_WORDS.activation_code });
        setState({ busy: false, error: err.message });
      } else setState({ busy: false, error: 'We could not reach the server. Check your connection and try again.' });
    }
  }

  async function resend() {
    setState({ ...state, busy: true });
    try {
      await portalAccountService.resendVerification({ org_slug: slug, email: f.email.trim() });
      setState({ busy: false, sent: true, resent: true });
    } catch (err) {
      setState({ busy: false, sent: true, error: err instanceof ApiError ? err.message : 'We could not reach the server; try again.' });
    }
  }

  if (org.isLoading)
    return (
      <Frame>
        <Group justify="center" p="lg">
          <Loader aria-label="Loading" />
        </Group>
      </Frame>
    );
  if (org.isError)
    return (
      <Frame>
        <Stack>
          <Title order={1} size="h2">
            {org.error instanceof ApiError && org.error.status === 404 ? 'We could not find this organization' : 'Something went wrong'}
          </Title>
          <Text size="sm">
            {org.error instanceof ApiError && org.error.status === 404
              ? 'Check the address your care team gave you.'
              : 'We could not reach the server. Check your connection and try again.'}
          </Text>
          {!(org.error instanceof ApiError && org.error.status === 404) && (
            <Button size="lg" onClick={() => org.refetch()}>
              Try again
            </Button>
          )}
          <TapLink to="/portal/login">Sign in</TapLink>
        </Stack>
      </Frame>
    );
  const o = org.data!;

  if (state.sent)
    return (
      <Frame>
        <Stack>
          <Title order={1} size="h2">
            Check your email
          </Title>
          <Alert color="teal" role="status">
            We sent a link to {f.email.trim()}. Open it to confirm your email and start using your {o.name} account. The link works once,
            for 24 hours.
          </Alert>
          {state.resent && <Text size="sm">A new link is on its way.</Text>}
          {state.error && (
            <Alert color="red" role="alert">
              {state.error}
            </Alert>
          )}
          <Text size="sm" c="dimmed">
            Nothing after a few minutes? Check your spam folder, or ask for a new link.
          </Text>
          <Button size="lg" variant="default" loading={state.busy} onClick={resend}>
            Send a new link
          </Button>
          <Button component={Link} to={`/portal/login?org=${encodeURIComponent(slug)}`} size="lg" fullWidth>
            Back to sign-in
          </Button>
        </Stack>
      </Frame>
    );

  const closed = !o.self_signup;
  return (
    <Frame>
      <form onSubmit={submit} noValidate>
        <Stack>
          <div>
            <Title order={1} size="h2">
              Create your account
            </Title>
            <Text c="dimmed" size="sm">
              {o.name}: keep track of your health, with or without a provider.
            </Text>
          </div>
          {closed && (
            <Alert color="yellow">
              This organization does not offer sign-up; ask your care team for an invitation. With an invitation, enter its code below.
            </Alert>
          )}
          {state.error && (
            <Alert color="red" role="alert" title="Could not create the account">
              {state.error}
            </Alert>
          )}
          <TextInput
            label="First name"
            autoComplete="given-name"
            required
            size="lg"
            value={f.first_name}
            onChange={set('first_name')}
            error={errors.first_name}
          />
          <TextInput
            label="Last name"
            autoComplete="family-name"
            required
            size="lg"
            value={f.last_name}
            onChange={set('last_name')}
            error={errors.last_name}
          />
          <TextInput
            label="Email"
            type="email"
            autoComplete="email"
            required
            size="lg"
            value={f.email}
            onChange={set('email')}
            error={errors.email}
          />
          <PasswordInput
            label="Password"
            description="At least 8 characters"
            autoComplete="new-password"
            required
            size="lg"
            value={f.password}
            onChange={set('password')}
            error={errors.password}
            visibilityToggleButtonProps={{ 'aria-label': 'Show or hide the password', style: { minWidth: 44, minHeight: 44 } }}
          />
          <TextInput
            label="Date of birth (optional)"
            description={`Helps us match you to your records at ${o.name}`}
            type="date"
            size="lg"
            value={f.date_of_birth}
            onChange={set('date_of_birth')}
            error={errors.date_of_birth}
          />
          <TextInput
            label={closed ? 'Activation code' : 'Activation code (optional)'}
            description="From your invitation email, if you have one"
            autoComplete="one-time-code"
            size="lg"
            value={f.activation_code}
            onChange={set('activation_code')}
            error={errors.activation_code}
          />
          <Button type="submit" loading={state.busy} size="lg" fullWidth>
            Create account
          </Button>
          <Text size="sm" ta="center">
            Already have an account? <TapLink to={`/portal/login?org=${encodeURIComponent(slug)}`}>Sign in</TapLink>
          </Text>
        </Stack>
      </form>
    </Frame>
  );
}
