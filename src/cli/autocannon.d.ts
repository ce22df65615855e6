// autocannon ships no types; the bench uses a small part of it.
declare module 'autocannon' {
  const autocannon: (opts: Record<string, unknown>, cb?: (err: unknown, res: any) => void) => any;
  export default autocannon;
}
