import { useEffect, useState } from 'preact/hooks';
import type { FunctionComponent } from 'preact';

/**
 * A component loaded on first use (a chunk of its own): `fallback` shows meanwhile. The loader runs once per
 * page, whoever mounts the component first.
 */
export function lazyComponent<P extends object>(
  load: () => Promise<FunctionComponent<P>>,
  fallback: () => preact.JSX.Element | null,
): FunctionComponent<P> {
  let loading: Promise<FunctionComponent<P>> | null = null;
  let loaded: FunctionComponent<P> | null = null;
  return function Lazy(props: P) {
    const [Component, setComponent] = useState<FunctionComponent<P> | null>(() => loaded);
    useEffect(() => {
      if (Component) return;
      loading ??= load().then((c) => (loaded = c));
      let alive = true;
      void loading.then((c) => alive && setComponent(() => c));
      return () => {
        alive = false;
      };
    }, []);
    return Component ? <Component {...props} /> : fallback();
  };
}
