// The periods of the portal's vitals chart (its "1 month / 3 months / 1 year / All" control) and the
// first day each one asks the API for. Shared: the Vitals page asks for it, and the server preloads the
// same request for a page load (src/server/web-preload.ts), so both must compute the same day.
export const VITAL_PERIODS = [
  { value: '1m', label: '1 month', days: 31, words: 'the last month' },
  { value: '3m', label: '3 months', days: 92, words: 'the last 3 months' },
  { value: '1y', label: '1 year', days: 366, words: 'the last year' },
  { value: 'all', label: 'All', days: 0, words: 'any time' },
] as const;
export type VitalPeriod = (typeof VITAL_PERIODS)[number]['value'];
export const DEFAULT_VITAL_PERIOD: VitalPeriod = '3m';

/** The period a `?period=` value names, else the default. */
export const vitalPeriodOf = (value: string | null | undefined): VitalPeriod =>
  VITAL_PERIODS.find((p) => p.value === value)?.value ?? DEFAULT_VITAL_PERIOD;

/** The first day of a period (a UTC date, as the API reads `from`); undefined for all time. */
export function vitalPeriodFrom(period: VitalPeriod, now = Date.now()): string | undefined {
  const days = VITAL_PERIODS.find((p) => p.value === period)!.days;
  return days ? new Date(now - days * 86_400_000).toISOString().slice(0, 10) : undefined;
}
