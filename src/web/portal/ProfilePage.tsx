// "Profile and settings" (issue 11): the patient's name, phone, unit system and date format, a new
// password, and signing out on every device. Phone-first: one column, fields and buttons 44 px or more.
// The forms' checks (the server's zod schemas) come on the first focus into a form or its first submit,
// the sign-out confirmation when opened: neither is in the page's first load (issue 11).
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, PasswordInput, SegmentedControl, Skeleton, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link } from 'react-router';
import { ApiError } from '../api/client';
import { useSliced } from '../api/deferred';
import { errorMessage, FormError } from '../components/states';
import { DATE_FORMAT_LABELS, formatDate, type DateFormat } from '../../shared/dates';
import { DATE_FORMATS, PASSWORD_MIN } from '../../shared/portal-constants';
import type { UnitSystem } from '../../shared/units';
import { invalidatePortalProfile, portalProfileKeys, portalProfileService, type ProfileItem } from '../features/portal-profile/api';
import { lazyForm } from './forms/lazyForm';

const SignOutEverywhereDialog = lazyForm(() => import('./forms/SignOutEverywhereDialog').then((m) => m.SignOutEverywhereDialog));

type Checks = typeof import('../../shared/schemas/portal-profile');
let loadedChecks: Checks | null = null;

/** The profile's checks, once loaded (`load` loads them: on a first focus or submit). */
function useChecks() {
  const [checks, setChecks] = useState(loadedChecks);
  const [error, setError] = useState<unknown>(null);
  const load = async (): Promise<Checks | null> => {
    if (checks) return checks;
    try {
      loadedChecks ??= await import('../../shared/schemas/portal-profile');
      setChecks(loadedChecks);
      setError(null);
      return loadedChecks;
    } catch (err) {
      setError(err);
      return null;
    }
  };
  // A download that failed (the browser's words name a file): what to do instead. A new submit tries again.
  const problem = error ? (
    <Alert color="red" role="alert">
      Could not check the form: it did not download. Check your internet connection, then try again.
    </Alert>
  ) : null;
  return { checks, load, problem };
}

const UNIT_OPTIONS: { value: UnitSystem; label: string }[] = [
  { value: 'metric', label: 'Metric (kg, cm, °C, mmol/L)' },
  { value: 'us', label: 'US (lb, in, °F, mg/dL)' },
];

/** Segments as tall as a thumb needs (44 px), their label wrapping rather than overflowing. */
const segmentStyles = {
  label: { minHeight: 44, display: 'flex', alignItems: 'center', justifyContent: 'center', whiteSpace: 'normal' as const },
};

/** The first message of each field of a zod result, keyed by field. */
function issuesOf(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  const out: Record<string, string> = {};
  if (!result.success) for (const i of result.error!.issues) out[String(i.path[0] ?? '')] ??= i.message;
  return out;
}

type DetailsValues = { first_name: string; last_name: string; phone: string; preferred_units: UnitSystem; date_format: DateFormat };
const valuesOf = (p: ProfileItem): DetailsValues => ({
  first_name: p.first_name,
  last_name: p.last_name,
  phone: p.phone ?? '',
  preferred_units: p.preferred_units,
  date_format: p.date_format,
});

function DetailsForm({ profile }: { profile: ProfileItem }) {
  const qc = useQueryClient();
  const [values, setValues] = useState<DetailsValues>(() => valuesOf(profile));
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [submitted, setSubmitted] = useState(false);
  const save = useMutation({
    mutationFn: (body: DetailsValues) => portalProfileService.update(body, profile.version),
    onSuccess: async (saved) => {
      qc.setQueryData(portalProfileKeys.profile(), saved);
      setValues(valuesOf(saved));
      setTouched({});
      setSubmitted(false);
      notifications.show({ color: 'teal', title: 'Saved', message: 'Your profile and settings are saved.' });
      await invalidatePortalProfile(qc);
    },
  });
  const { checks, load, problem } = useChecks();
  const issues = checks ? issuesOf(checks.profilePatch.safeParse(values)) : {};
  const serverError = save.error instanceof ApiError ? save.error : null;
  const errorOf = (k: keyof DetailsValues) =>
    ((touched[k] || submitted) && issues[k]) || (!touched[k] ? serverError?.fieldError(k) : undefined) || undefined;
  const set = <K extends keyof DetailsValues>(k: K, v: DetailsValues[K]) => {
    setValues((s) => ({ ...s, [k]: v }));
    setTouched((t) => ({ ...t, [k]: true }));
  };
  const text = (k: 'first_name' | 'last_name' | 'phone') => ({
    value: values[k],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => set(k, e.currentTarget.value),
    onBlur: () => setTouched((t) => ({ ...t, [k]: true })),
    error: errorOf(k),
    size: 'lg' as const,
  });
  const today = new Date();

  return (
    <form
      noValidate
      onFocus={() => void load()}
      onSubmit={async (e) => {
        e.preventDefault();
        setSubmitted(true);
        setTouched({}); // the server's field errors of this save show until the field is edited again
        const c = await load();
        if (c && !Object.keys(issuesOf(c.profilePatch.safeParse(values))).length) save.mutate(values);
      }}
    >
      <Stack>
        <Card withBorder radius="lg" p="md" component="section" aria-labelledby="profile-details">
          <Stack gap="sm">
            <Title order={2} size="h4" id="profile-details">
              Your details
            </Title>
            <TextInput label="First name" autoComplete="given-name" required {...text('first_name')} />
            <TextInput label="Last name" autoComplete="family-name" required {...text('last_name')} />
            <TextInput
              label="Email"
              value={profile.email}
              readOnly
              size="lg"
              description="You sign in with this address. To change it, ask your care team."
            />
            <TextInput
              label="Phone"
              type="tel"
              autoComplete="tel"
              inputMode="tel"
              description="With the country code if you are abroad, for example +1 555 010 0123"
              {...text('phone')}
            />
            {profile.date_of_birth && (
              <div>
                <Text size="sm" fw={500}>
                  Date of birth
                </Text>
                <Text data-testid="date-of-birth">{formatDate(profile.date_of_birth, values.date_format)}</Text>
              </div>
            )}
          </Stack>
        </Card>

        <Card withBorder radius="lg" p="md" component="section" aria-labelledby="profile-units">
          <Stack gap="sm">
            <Title order={2} size="h4" id="profile-units">
              Units and dates
            </Title>
            <Text size="sm" fw={500} id="units-label">
              Units for your readings
            </Text>
            <SegmentedControl
              aria-labelledby="units-label"
              fullWidth
              orientation="vertical"
              size="md"
              styles={segmentStyles}
              data={UNIT_OPTIONS}
              value={values.preferred_units}
              onChange={(v) => set('preferred_units', v as UnitSystem)}
            />
            <Text size="sm" fw={500} id="date-format-label" mt="xs">
              Date format
            </Text>
            <SegmentedControl
              aria-labelledby="date-format-label"
              fullWidth
              orientation="vertical"
              size="md"
              styles={segmentStyles}
              data={DATE_FORMATS.map((f) => ({ value: f, label: `${DATE_FORMAT_LABELS[f]}: ${formatDate(today, f)}` }))}
              value={values.date_format}
              onChange={(v) => set('date_format', v as DateFormat)}
            />
          </Stack>
        </Card>

        <FormError error={serverError} />
        {problem}
        <Button type="submit" size="lg" loading={save.isPending}>
          Save changes
        </Button>
      </Stack>
    </form>
  );
}

function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const change = useMutation({
    mutationFn: () => portalProfileService.changePassword({ current_password: current, new_password: next }),
    onSuccess: (r) => {
      setCurrent('');
      setNext('');
      setSubmitted(false);
      const others =
        r.other_sessions_ended === 0
          ? ''
          : ` You were signed out on ${r.other_sessions_ended} other device${r.other_sessions_ended === 1 ? '' : 's'}.`;
      notifications.show({ color: 'teal', title: 'Password changed', message: `Use your new password next time you sign in.${others}` });
    },
  });
  const { checks, load, problem } = useChecks();
  const body = { current_password: current, new_password: next };
  const issues = submitted && checks ? issuesOf(checks.changePasswordBody.safeParse(body)) : {};
  const serverError = change.error instanceof ApiError ? change.error : null;
  return (
    <Card withBorder radius="lg" p="md" component="section" aria-labelledby="profile-password">
      <form
        noValidate
        onFocus={() => void load()}
        onSubmit={async (e) => {
          e.preventDefault();
          setSubmitted(true);
          change.reset();
          const c = await load();
          if (c?.changePasswordBody.safeParse(body).success) change.mutate();
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="profile-password">
            Change password
          </Title>
          <Text size="sm" c="dimmed">
            You stay signed in here; every other device is signed out.
          </Text>
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            required
            size="lg"
            value={current}
            onChange={(e) => setCurrent(e.currentTarget.value)}
            error={issues.current_password ?? serverError?.fieldError('current_password')}
            visibilityToggleButtonProps={{ 'aria-label': 'Show or hide the current password', style: { minWidth: 44, minHeight: 44 } }}
          />
          <PasswordInput
            label="New password"
            description={`At least ${PASSWORD_MIN} characters`}
            autoComplete="new-password"
            required
            size="lg"
            value={next}
            onChange={(e) => setNext(e.currentTarget.value)}
            error={issues.new_password ?? serverError?.fieldError('new_password')}
            visibilityToggleButtonProps={{ 'aria-label': 'Show or hide the new password', style: { minWidth: 44, minHeight: 44 } }}
          />
          <FormError error={serverError} />
          {problem}
          <Button type="submit" size="lg" variant="light" loading={change.isPending}>
            Change password
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

function SignOutEverywhere() {
  const [open, setOpen] = useState(false);
  return (
    <Card withBorder radius="lg" p="md" component="section" aria-labelledby="profile-everywhere">
      <Stack gap="sm">
        <Title order={2} size="h4" id="profile-everywhere">
          Signed in somewhere else?
        </Title>
        <Text size="sm" c="dimmed">
          If you used a shared or lost device, sign out on every phone, tablet and computer at once.
        </Text>
        <Button size="lg" variant="light" color="red" onClick={() => setOpen(true)}>
          Sign out everywhere
        </Button>
      </Stack>
      <SignOutEverywhereDialog opened={open} onClose={() => setOpen(false)} />
    </Card>
  );
}

export default function ProfilePage() {
  const profile = useSliced(useQuery({ queryKey: portalProfileKeys.profile(), queryFn: portalProfileService.get }));
  return (
    <Stack>
      <Title order={1} size="h2">
        Profile and settings
      </Title>
      {profile.isPending ? (
        <Stack aria-busy="true" aria-label="Loading">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} h={160} radius="lg" />
          ))}
        </Stack>
      ) : profile.isError ? (
        <Alert color="red" title="Could not load your profile" role="alert">
          <Stack gap="sm">
            <Text size="sm">{errorMessage(profile.error)}</Text>
            <Button size="lg" variant="light" color="red" onClick={() => profile.refetch()}>
              Try again
            </Button>
          </Stack>
        </Alert>
      ) : (
        <>
          <DetailsForm profile={profile.data} />
          <PasswordForm />
          <SignOutEverywhere />
        </>
      )}
      <Button component={Link} to="/portal/more" size="lg" variant="subtle">
        Back to More
      </Button>
    </Stack>
  );
}
