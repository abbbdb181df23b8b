import { Profiler, type ReactNode } from 'react';

// Development only: counts, per id, the commits in which anything under the probe rendered,
// in window.__latchkeyRenders, so an end-to-end test can see what a pushed event re-renders.
// Use it only under `import.meta.env.DEV`, which `vite build` replaces with false: the
// minifier then drops the use and this module, so the built renderer (what ships) has no
// probe and no counter (test/e2e/sync-progress.test.ts checks the bundle).

declare global {
  interface Window {
    __latchkeyRenders?: Record<string, number>;
  }
}

function count(id: string): void {
  const renders = (window.__latchkeyRenders ??= {});
  renders[id] = (renders[id] ?? 0) + 1;
}

export function RenderProbe({ id, children }: { id: string; children: ReactNode }) {
  return (
    <Profiler id={id} onRender={count}>
      {children}
    </Profiler>
  );
}
