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
import { useMe } from './auth';
import { LoginPage } from './LoginPage';
import { AcceptInvitePage } from './AcceptInvitePage';
import { FullPageLoader, FullPageError } from './components/states';

// Each portal is its own chunk: a patient never downloads the staff app.
const StaffApp = lazy(() => import('./staff/StaffApp'));
const PortalApp = lazy(() => import('./portal/PortalApp'));

// Shades chosen for WCAG AA contrast: white on teal.9 and gray.7 text on white are >= 4.5:1.
const theme = createTheme({ primaryColor: 'teal', primaryShade: { light: 9, dark: 7 }, defaultRadius: 'md', fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif' });
const cssVariablesResolver = () => ({ variables: {}, light: { '--mantine-color-dimmed': '#5c636a', '--mantine-color-teal-light-color': '#05604a', '--mantine-primary-color-light-color': '#05604a' }, dark: {} });

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: (n, err) => !(err instanceof ApiError && err.status < 500) && n < 2, refetchOnWindowFocus: false, staleTime: 15_000 },
  },
});

setOnUnauthenticated(() => {
  queryClient.setQueryData(['me'], null);
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
  { path: '/app/*', element: <Suspense fallback={<FullPageLoader />}><StaffApp /></Suspense> },
  { path: '/portal/*', element: <Suspense fallback={<FullPageLoader />}><PortalApp /></Suspense> },
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
