// Accessibility check with axe-core (UX.md: no serious violations on the main pages).
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');

export type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

/** What a screen shows while it is still loading: Mantine loaders and skeletons, busy regions. */
const LOADING = '.mantine-Loader-root, .mantine-Skeleton-root, [aria-busy="true"]';

/**
 * Waits until the page has settled: nothing loading is visible and no finite animation or
 * transition (a modal fading in, a chart drawing) is still running, so axe checks the screen a
 * person reads rather than a half-drawn one. A positive signal, never a fixed delay.
 */
export async function waitForSettled(page: Page, timeout = 15_000) {
  await page.waitForFunction(
    (loading) =>
      [...document.querySelectorAll(loading)].every((el) => !el.checkVisibility()) &&
      document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity),
    LOADING,
    { timeout },
  );
}

/** The serious and critical violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: AXE_PATH });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })) }));
}
