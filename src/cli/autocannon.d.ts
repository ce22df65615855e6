// autocannon ships no types; the bench uses a small part of it.
declare module 'autocannon' {
  /** The part of autocannon's result the bench reads. */
  export type Result = { non2xx: number; requests: { average: number; total: number } };
  export type Instance = { on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void };
  const autocannon: (opts: Record<string, unknown>, cb?: (err: unknown, res: Result) => void) => Instance;
  export default autocannon;
}
