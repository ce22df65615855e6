import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/dates/styles.css';
import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { MantineProvider, createTheme } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiError, setOnUnauthenticated } from './api/client';
import { authKeys, useMe } from './auth';
import { LoginPage } from './LoginPage';
import { AcceptInvitePage } from './AcceptInvitePage';
import { ForgotPasswordPage } from './ForgotPasswordPage';
import { ResetPasswordPage } from './ResetPasswordPage';
import { PortalForgotPasswordPage } from './portal/PortalForgotPasswordPage';
import { PortalResetPasswordPage } from './portal/PortalResetPasswordPage';
import { FullPageLoader, FullPageError } from './components/states';

// Each portal is its own chunk: a patient never downloads the staff app.
const StaffApp = lazy(() => import('./staff/StaffApp'));
const PortalApp = lazy(() => import('./portal/PortalApp'));

// Shades chosen for WCAG AA contrast: white on teal.9 and gray.7 text on white are >= 4.5:1.
const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: { light: 9, dark: 7 },
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
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

const router = createBrowserRouter([
  { path: '/', element: <Home /> },
  { path: '/login', element: <LoginPage portal="staff" /> },
  { path: '/portal/login', element: <LoginPage portal="patient" /> },
  { path: '/accept-invite', element: <AcceptInvitePage /> },
  { path: '/forgot-password', element: <ForgotPasswordPage portal="staff" /> },
  { path: '/reset-password', element: <ResetPasswordPage portal="staff" /> },
  { path: '/portal/forgot-password', element: <PortalForgotPasswordPage /> },
  { path: '/portal/reset-password', element: <PortalResetPasswordPage /> },
  {
    path: '/app/*',
    element: (
      <Suspense fallback={<FullPageLoader />}>
        <StaffApp />
      </Suspense>
    ),
  },
  {
    path: '/portal/*',
    element: (
      <Suspense fallback={<FullPageLoader />}>
        <PortalApp />
      </Suspense>
    ),
  },
  { path: '*', element: <Navigate to="/" replace /> },
]);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
