// SQL of the mail outbox: one page of an organization's emails, newest first, and how many match.
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { outboundEmails } from '../../db/schema';
import { containsPattern } from '../../db/like';

export type EmailRow = typeof outboundEmails.$inferSelect;

export async function selectEmailsPage(db: Db, orgId: string, f: { to?: string }, page: { limit: number; offset: number }) {
  const conds: SQL[] = [eq(outboundEmails.orgId, orgId)];
  if (f.to) conds.push(sql`lower(${outboundEmails.toAddress}) LIKE ${containsPattern(f.to)}`);
  const where = and(...conds);
  const [rows, total] = await Promise.all([
    db
      .select()
      .from(outboundEmails)
      .where(where)
      .orderBy(desc(outboundEmails.createdAt), desc(outboundEmails.id))
      .limit(page.limit)
      .offset(page.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(outboundEmails)
      .where(where),
  ]);
  return { rows, total: total[0]?.n ?? 0 };
}
