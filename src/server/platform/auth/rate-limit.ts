// Failed sign-ins counted per account and per address in a sliding window (per server instance).
export class LoginRateLimiter {
  private failures = new Map<string, number[]>();
  constructor(private opts: { maxPerAccount: number; maxPerAddress: number; windowMs: number }) {}

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < this.opts.windowMs);
    if (list.length) this.failures.set(key, list); else this.failures.delete(key);
    return list;
  }

  /** Seconds to wait, or 0 when a sign-in attempt is allowed. */
  retryAfter(email: string, ip: string, now = Date.now()): number {
    const acc = this.recent(`a:${email.toLowerCase()}`, now);
    const addr = this.recent(`i:${ip}`, now);
    const blocked = [acc.length >= this.opts.maxPerAccount ? acc : null, addr.length >= this.opts.maxPerAddress ? addr : null].filter(Boolean) as number[][];
    if (!blocked.length) return 0;
    const until = Math.max(...blocked.map((l) => l[l.length - (l === acc ? this.opts.maxPerAccount : this.opts.maxPerAddress)]! + this.opts.windowMs));
    return Math.max(1, Math.ceil((until - now) / 1000));
  }

  fail(email: string, ip: string, now = Date.now()) {
    for (const key of [`a:${email.toLowerCase()}`, `i:${ip}`]) {
      const list = this.recent(key, now);
      list.push(now);
      this.failures.set(key, list);
    }
    if (this.failures.size > 100_000) this.failures.clear(); // bound memory under a spray attack
  }

  succeed(email: string) { this.failures.delete(`a:${email.toLowerCase()}`); }
}
