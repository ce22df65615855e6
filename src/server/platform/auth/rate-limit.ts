// Failed sign-ins counted per account and per address in a sliding window, in the database so that
// every server instance enforces the same limit.
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';

export type LoginLimits = { maxPerAccount: number; maxPerAddress: number; windowMs: number };

export class LoginRateLimiter {
  constructor(
    private database: Database,
    private opts: LoginLimits,
  ) {}

  private keys(email: string, ip: string) {
    return { account: `a:${email.trim().toLowerCase()}`, address: `i:${ip}` };
  }

  /** Seconds to wait, or 0 when a sign-in attempt is allowed. */
  async retryAfter(email: string, ip: string): Promise<number> {
    const { account, address } = this.keys(email, ip);
    const windowSecs = this.opts.windowMs / 1000;
    // The failure that makes the limit: the max-th most recent one inside the window, per key.
    const rows = await this.database.rows<{ wait: number | null }>(sql`
      SELECT max(wait)::float AS wait FROM (
        SELECT extract(epoch FROM (f.failed_at + make_interval(secs => ${windowSecs}) - now())) AS wait
        FROM (SELECT failed_at FROM login_failures WHERE key = ${account} AND failed_at > now() - make_interval(secs => ${windowSecs})
              ORDER BY failed_at DESC OFFSET ${this.opts.maxPerAccount - 1} LIMIT 1) f
        UNION ALL
        SELECT extract(epoch FROM (f.failed_at + make_interval(secs => ${windowSecs}) - now()))
        FROM (SELECT failed_at FROM login_failures WHERE key = ${address} AND failed_at > now() - make_interval(secs => ${windowSecs})
              ORDER BY failed_at DESC OFFSET ${this.opts.maxPerAddress - 1} LIMIT 1) f
      ) w`);
    const wait = rows[0]?.wait;
    return wait && wait > 0 ? Math.max(1, Math.ceil(wait)) : 0;
  }

  async fail(email: string, ip: string): Promise<void> {
    const { account, address } = this.keys(email, ip);
    await this.database.rows(sql`INSERT INTO login_failures (key) VALUES (${account}), (${address})`);
    // Keep the table small: failures older than the window no longer count.
    await this.database.rows(sql`DELETE FROM login_failures WHERE failed_at < now() - make_interval(secs => ${this.opts.windowMs / 1000})`);
  }

  async succeed(email: string): Promise<void> {
    await this.database.rows(sql`DELETE FROM login_failures WHERE key = ${this.keys(email, '').account}`);
  }
}
