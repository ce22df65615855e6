// A lazily loaded component that can also be loaded ahead of its first render (issue 11: Lighthouse
// mobile). React.lazy always suspends on its first render, even when the code is already in: the
// Suspense fallback shows, and React holds the content back for a while after a fallback (its reveal
// throttle, ~300 ms) before painting it. A component loaded beforehand (`preload()`) renders directly.
import { lazy, useState, type ComponentType } from 'react';

export type Preloadable<P extends object> = ComponentType<P> & { preload: () => Promise<ComponentType<P>> };

export function preloadable<P extends object>(load: () => Promise<ComponentType<P>>): Preloadable<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const preload = () =>
    (pending ??= load().then(
      (c) => (loaded = c),
      (err: unknown) => {
        pending = null; // a failed download can be tried again
        throw err;
      },
    ));
  const Lazy = lazy(async () => ({ default: await preload() })) as unknown as ComponentType<P>;
  function Component(props: P) {
    // Decided once per mount: switching from Lazy to the component itself would remount the page.
    const [Direct] = useState(() => loaded);
    return Direct ? <Direct {...props} /> : <Lazy {...props} />;
  }
  return Object.assign(Component, { preload });
}
