// Only the styles the first load renders (sign-in, loaders); each lazy screen brings the rest: the portal
// what its pages use (portal.css), the others all of Mantine's (app.css).
import './styles/first-load.css';
import { StrictMode, Suspense, lazy, startTransition, useState, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { MantineProvider, createTheme } from '@mantine/core';
import { useNotifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiError, setCsrfToken, setOnUnauthenticated } from './api/client';
import { authKeys, authService, useMe } from './auth';
import { LoginPage } from './LoginPage';
import { ForgotPasswordPage } from './ForgotPasswordPage';
import { FullPageLoader, FullPageError } from './components/states';
import { preloadable } from './components/preloadable';

const allStyles = () => import('./styles/app.css');
/** A lazily loaded screen, shown once its code AND its styles (by default all of Mantine's: app.css) are in. */
function screen<P extends object>(load: () => Promise<ComponentType<P>>, styles: () => Promise<unknown> = allStyles) {
  return preloadable<P>(async () => {
    const [component] = await Promise.all([load(), styles()]);
    return component;
  });
}
// Each portal is its own chunk: a patient never downloads the staff app. The first load is the
// sign-in page and what every screen needs (issue 11: Lighthouse mobile): the rest comes when shown.
// The portal comes with the page its address shows (a page load at /portal/vitals needs both).
const PortalApp = screen(
  () =>
    import('./portal/PortalApp').then(async (m) => {
      await m.preloadPortalPage(window.location.pathname).catch(() => undefined);
      return m.default;
    }),
  () => import('./styles/portal.css'),
);
const StaffApp = screen(() => import('./staff/StaffApp').then((m) => m.default));
const AcceptInvitePage = screen(() => import('./AcceptInvitePage').then((m) => m.AcceptInvitePage));
const ResetPasswordPage = screen(() => import('./ResetPasswordPage').then((m) => m.ResetPasswordPage));
const PortalForgotPasswordPage = screen(() => import('./portal/PortalForgotPasswordPage').then((m) => m.PortalForgotPasswordPage));
const PortalResetPasswordPage = screen(() => import('./portal/PortalResetPasswordPage').then((m) => m.PortalResetPasswordPage));
const RegisterPage = screen(() => import('./portal/RegisterPage').then((m) => m.RegisterPage));
const VerifyEmailPage = screen(() => import('./portal/VerifyEmailPage').then((m) => m.VerifyEmailPage));
// Notifications appear after an action: their host (and its code) comes with the first one shown,
// then stays (notifications.show() only writes to the store; the host renders what is in it).
const Notifications = lazy(() => import('./components/notifications-lazy').then((m) => ({ default: m.Notifications })));
function NotificationsHost() {
  const state = useNotifications();
  const [needed, setNeeded] = useState(false);
  if (!needed && state.notifications.length + state.queue.length > 0) setNeeded(true);
  return needed ? (
    <Suspense fallback={null}>
      <Notifications position="top-right" />
    </Suspense>
  ) : null;
}

// Shades chosen for WCAG AA contrast: white on teal.9 and gray.7 text on white are >= 4.5:1.
const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: { light: 9, dark: 7 },
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  components: {
    // Toasts: Mantine's description under a title is gray.6 (3.3:1 on white, fails AA) and its close
    // button has no name. A plain object (not Notification.extend): no component code in the first load.
    Notification: {
      defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss' } },
      styles: (_theme: unknown, props: { title?: unknown }) => ({
        description: props.title ? { color: 'var(--mantine-color-dimmed)' } : {},
      }),
    },
  },
});
// Text of light (tinted) badges and alerts: dark enough for 4.5:1 on their tinted backgrounds.
const LIGHT_TEXT: Record<string, string> = {
  teal: '#05604a',
  green: '#1f6e31',
  blue: '#1864ab',
  cyan: '#0b7285',
  indigo: '#364fc7',
  violet: '#5f3dc4',
  grape: '#862e9c',
  pink: '#a61e4d',
  red: '#b02525',
  orange: '#8a3c00',
  yellow: '#7a4f01',
  lime: '#3f6212',
  gray: '#343a40',
};
const cssVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#5c636a',
    '--mantine-primary-color-light-color': LIGHT_TEXT.teal!,
    ...Object.fromEntries(Object.entries(LIGHT_TEXT).map(([c, v]) => [`--mantine-color-${c}-light-color`, v])),
  },
  dark: {},
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: (n, err) => !(err instanceof ApiError && err.status < 500) && n < 2, refetchOnWindowFocus: false, staleTime: 15_000 },
  },
});

setOnUnauthenticated(() => {
  queryClient.setQueryData(authKeys.me, null);
  const portal = window.location.pathname.startsWith('/portal');
  const back = encodeURIComponent(window.location.pathname + window.location.search);
  window.location.assign(`${portal ? '/portal/login' : '/login'}?expired=1&next=${back}`);
});

function Home() {
  const me = useMe();
  if (me.isLoading) return <FullPageLoader />;
  if (me.isError) return <FullPageError error={me.error} onRetry={() => me.refetch()} />;
  if (!me.data) return <Navigate to="/login" replace />;
  return <Navigate to={me.data.user.role === 'patient' ? '/portal' : '/app'} replace />;
}

const lazyScreen = (element: React.ReactNode) => <Suspense fallback={<FullPageLoader />}>{element}</Suspense>;

// A signed-in portal page needs the portal's code, its page's code and the signed-in user: all are
// asked for now, not one after the other (index.html already preloads them: src/server/web-preload.ts).
// The first render waits for the code and the user (a few milliseconds more than the code alone: all are
// in flight at once), so the page paints at once, in one time-sliced render, with no loading state in between.
const path = window.location.pathname;
let ready: Promise<unknown> = Promise.resolve();
if (path.startsWith('/portal') && !/^\/portal\/(login|forgot-password|reset-password|verify-email|[^/]+\/register)\/?$/.test(path)) {
  const code = PortalApp.preload().catch(() => undefined); // a failed download shows its error when rendered
  const user = queryClient.prefetchQuery({
    queryKey: authKeys.me,
    queryFn: async () => {
      try {
        const me = await authService.me();
        setCsrfToken(me.csrf_token);
        return me;
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 60_000,
  });
  ready = Promise.all([code, user]);
}

// The declarative router (no loaders or actions are used): the data router's code is not in the first load.
const routes = (
  <Routes>
    <Route path="/" element={<Home />} />
    <Route path="/login" element={<LoginPage portal="staff" />} />
    <Route path="/portal/login" element={<LoginPage portal="patient" />} />
    <Route path="/accept-invite" element={lazyScreen(<AcceptInvitePage />)} />
    <Route path="/forgot-password" element={<ForgotPasswordPage portal="staff" />} />
    <Route path="/reset-password" element={lazyScreen(<ResetPasswordPage portal="staff" />)} />
    <Route path="/portal/forgot-password" element={lazyScreen(<PortalForgotPasswordPage />)} />
    <Route path="/portal/reset-password" element={lazyScreen(<PortalResetPasswordPage />)} />
    <Route path="/portal/verify-email" element={lazyScreen(<VerifyEmailPage />)} />
    <Route path="/portal/:orgSlug/register" element={lazyScreen(<RegisterPage />)} />
    <Route path="/app/*" element={lazyScreen(<StaffApp />)} />
    <Route path="/portal/*" element={lazyScreen(<PortalApp />)} />
    <Route path="*" element={<Navigate to="/" replace />} />
  </Routes>
);

// A transition: React renders the first screen in slices and yields between them (a phone's main
// thread is not blocked for the whole render: Lighthouse's total blocking time).
const root = createRoot(document.getElementById('root')!);
void ready.then(() =>
  startTransition(() =>
    root.render(
      <StrictMode>
        <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
          <NotificationsHost />
          <QueryClientProvider client={queryClient}>
            <BrowserRouter>{routes}</BrowserRouter>
          </QueryClientProvider>
        </MantineProvider>
      </StrictMode>,
    ),
  ),
);
