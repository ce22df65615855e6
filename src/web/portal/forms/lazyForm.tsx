// The add / change forms of the portal's pages come only when one is opened (issue 11: Lighthouse
// mobile): a page's first load carries its list and its "Add" button, not the dialog (Mantine's Modal,
// FocusTrap), the zod schemas or the Autocomplete of a form that is closed. While a form's code comes,
// a loader says so; when it cannot come, an error offers "Try again". Once loaded, the form stays
// mounted (closed) like before, so its closing transition and the focus going back to the page are kept.
import { Component, lazy, Suspense, useEffect, useState, type ComponentType, type ReactNode } from 'react';
import { Alert, Button, Center, Group, Loader, Paper, Stack, Text } from '@mantine/core';

type Gated = { opened: boolean; onClose: () => void };

/** Above the page, below Mantine's modals (200) and toasts. */
const cover = { position: 'fixed', inset: 0, zIndex: 199, background: 'rgba(0, 0, 0, 0.6)' } as const;

function FormLoading({ onClose }: { onClose: () => void }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <Center style={cover} data-testid="form-loading">
      <Loader color="white" role="status" aria-label="Loading the form" />
    </Center>
  );
}

/** What failed is a download (the browser's words name a file): the patient reads what to do. */
function FormLoadError({ onRetry, onClose }: { onRetry: () => void; onClose: () => void }) {
  return (
    <Center style={cover} p="md">
      <Paper radius="lg" maw={440} w="100%">
        <Alert color="red" radius="lg" title="Could not open the form" role="alert">
          <Stack gap="sm">
            <Text size="sm">It did not download. Check your internet connection, then try again.</Text>
            <Group grow>
              <Button size="lg" variant="light" color="red" onClick={onRetry}>
                Try again
              </Button>
              <Button size="lg" variant="default" onClick={onClose}>
                Close
              </Button>
            </Group>
          </Stack>
        </Alert>
      </Paper>
    </Center>
  );
}

class LoadBoundary extends Component<{ fallback: ReactNode; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

/**
 * A form component (taking `opened` and `onClose`) whose code is loaded the first time it is opened.
 * Made once per form, outside any component: the same lazy component on every render of the page (a
 * new one would remount the form and lose what was typed).
 */
export function lazyForm<P extends Gated>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  const fresh = () =>
    lazy(async () => {
      loaded = await load();
      return { default: loaded };
    });
  // React keeps a failed lazy component failed: "Try again" makes a new one.
  let Lazy = fresh();

  function LazyForm(props: P) {
    // Nothing at all until first opened; then mounted for good (closed like any dialog).
    const [wanted, setWanted] = useState(props.opened);
    if (props.opened && !wanted) setWanted(true);
    const [attempt, setAttempt] = useState(0);
    // Loaded before this mount (a second visit): rendered directly, without Suspense's reveal delay.
    const [Direct] = useState(() => loaded);
    if (!wanted) return null;
    if (Direct) return <Direct {...props} />;
    return (
      <LoadBoundary
        key={attempt}
        fallback={
          props.opened ? (
            <FormLoadError
              onClose={props.onClose}
              onRetry={() => {
                Lazy = fresh();
                setAttempt((a) => a + 1);
              }}
            />
          ) : null
        }
      >
        <Suspense fallback={props.opened ? <FormLoading onClose={props.onClose} /> : null}>
          <Lazy {...props} />
        </Suspense>
      </LoadBoundary>
    );
  }
  return LazyForm;
}

/**
 * `opened`, but false on the first render: a dialog mounted already open (its code just came) would
 * not know where the focus was before it opened, and could not give it back when closed (Mantine
 * notes it on a change of `opened`, not on mount). Open from the next frame on.
 */
export function useOpenedAfterMount(opened: boolean): boolean {
  const [mounted, setMounted] = useState(false);
  useEffect(() => {
    const frame = requestAnimationFrame(() => setMounted(true));
    return () => cancelAnimationFrame(frame);
  }, []);
  return opened && mounted;
}

type RecordFormProps = { opened: boolean; title: string; onClose: () => void };

/**
 * A record form (its fields and buttons, `onDone` when saved, deleted or cancelled) in the record
 * screens' dialog (RecordDrawer), both loaded the first time it is opened.
 */
export function lazyRecordForm<P extends { onDone: () => void }>(
  load: () => Promise<ComponentType<P>>,
): ComponentType<Omit<P, 'onDone'> & RecordFormProps> {
  type Props = Omit<P, 'onDone'> & RecordFormProps;
  return lazyForm<Props>(async () => {
    const [{ RecordDrawer }, Form] = await Promise.all([import('../records/RecordDrawer'), load()]);
    return function RecordForm({ opened, title, onClose, ...rest }: Props) {
      const props = { ...rest, onDone: onClose } as unknown as P;
      return (
        <RecordDrawer opened={opened} title={title} onClose={onClose}>
          <Form {...props} />
        </RecordDrawer>
      );
    };
  });
}
