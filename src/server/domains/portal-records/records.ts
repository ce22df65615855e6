// One generic piece for the patient's own records (issue 11): a resource is a short definition (table,
// policy, schemas, mapping), and this gives it the behaviour of portal vitals: list with pages, filters and
// a date range, create, read, update (If-Match), soft delete and restore; only the signed-in patient's own
// rows (`self`, via the resource's policy), 409 when the account has no health record, an audit row per write.
import { and, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { AppInstance } from '../../app-types';
import type { Db } from '../../db/client';
import { transaction } from '../../db/tx';
import { actorOf } from '../../platform/auth/guard';
import { audit, diff } from '../../platform/audit';
import type { Actor } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { checkVersion, ifMatchVersion, pageOf, pageResult, setEtag } from '../../platform/http';
import { uuidv7 } from '../../platform/ids';
import type { Policy } from '../../platform/policy';
import { idParams, ifMatchHeaders } from '../../../shared/schemas/common';
import { problems } from '../../../shared/schemas/problem';
import { patientOfActor } from '../portal-vitals/portal-vitals.queries';
import { assertPatientEntered } from './rules';
import {
  dateRange,
  findRow,
  insertRow,
  liveRows,
  selectPage,
  updateRow,
  type DateColumn,
  type InsertOf,
  type RecordTable,
  type RowOf,
} from './records.queries';

/** An answer's own fields: the item without what presentRecord adds. */
export type OwnFields<I> = Omit<I, 'id' | 'source' | 'version' | 'created_at' | 'updated_at' | 'deleted_at'>;
export type ListQuery = { page: number; page_size: number; from?: string; to?: string };
/** The wellness columns every record row has (src/server/db/schema/portal.ts). */
type Meta = { id: string; source: string; version: number; createdAt: Date; updatedAt: Date; deletedAt: Date | null };

export type RecordDef<T extends RecordTable, B extends z.ZodType, P extends z.ZodType, Q extends z.ZodType<ListQuery>> = {
  /** The path under /api/portal/. */
  path: string;
  /** For operationIds: listPortal<many>, createPortal<one>, ... */
  names: { one: string; many: string };
  /** The record in the patient's words: "medicine" ("Medicine not found"). */
  noun: string;
  table: T;
  /** The table's name in the audit log. */
  tableName: string;
  policy: Policy;
  schemas: { body: B; patch: P; query: Q; item: z.ZodType; page: z.ZodType };
  toInsert(body: z.infer<B>): Partial<InsertOf<T>>;
  toChanges(patch: z.infer<P>, before: RowOf<T>): Partial<InsertOf<T>>;
  /** Rules across fields, on the row as it would be stored (a new one, or the stored one with the change). */
  check?(row: RowOf<T>): void;
  /** The resource's own fields of the answer (the common ones are added). */
  present(row: RowOf<T>): Record<string, unknown>;
  date: DateColumn;
  filters?(q: z.infer<Q>): (SQL | undefined)[];
};

const read = { permission: { resource: 'wellness', action: 'read', portal: true } } as const;
const write = { permission: { resource: 'wellness', action: 'write', portal: true } } as const;
const del = { permission: { resource: 'wellness', action: 'delete', portal: true } } as const;
const tags = ['portal'];
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A record's API shape: its own fields and the common ones (source, version, times, deleted_at). */
export function presentRecord<R extends Meta>(row: R, own: Record<string, unknown>) {
  return {
    id: row.id,
    ...own,
    source: row.source,
    version: row.version,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    deleted_at: row.deletedAt?.toISOString() ?? null,
  };
}

export function defineRecordResource<T extends RecordTable, B extends z.ZodType, P extends z.ZodType, Q extends z.ZodType<ListQuery>>(
  def: RecordDef<T, B, P, Q>,
) {
  type Row = RowOf<T> & Meta;
  const { table, tableName, policy } = def;
  const Noun = capital(def.noun);
  const present = (row: RowOf<T>) => presentRecord(row as Row, def.present(row));
  const find = (db: Db, actor: Actor, id: string, scope: SQL, opts?: { deleted?: boolean; forUpdate?: boolean }) =>
    findRow(db, table, actor, id, scope, opts);

  /** The caller's rows of a list query (also what the access tests compare the realtime audience with). */
  function listRows(db: Db, actor: Actor, scope: SQL, q: z.infer<Q>, page: { limit: number; offset: number }) {
    const where = [liveRows(table, actor, scope), ...dateRange(def.date, q.from, q.to), ...(def.filters?.(q) ?? [])];
    return selectPage(db, table, and(...where)!, def.date, page);
  }

  async function list(db: Db, actor: Actor, q: z.infer<Q>) {
    const { rows, total } = await listRows(db, actor, policy.scope(actor, 'read'), q, pageOf(q));
    return pageResult(rows.map(present), total, q);
  }

  async function create(db: Db, actor: Actor, body: z.infer<B>) {
    const scope = policy.scope(actor, 'write');
    const values = def.toInsert(body);
    def.check?.(values as RowOf<T>);
    return transaction(db, async (tx) => {
      const patientId = await patientOfActor(tx, actor);
      if (!patientId) throw new AppError('conflict', 'Your portal account is not linked to a health record yet');
      const id = uuidv7();
      const row = { ...values, id, orgId: actor.orgId, patientId, source: 'patient', createdByUserId: actor.userId } as InsertOf<T>;
      await insertRow(tx, table, row);
      await audit(tx, actor, { action: 'create', table: tableName, recordId: id, newValues: row });
      return (await find(tx, actor, id, scope))!;
    });
  }

  async function get(db: Db, actor: Actor, id: string) {
    const row = await find(db, actor, id, policy.scope(actor, 'read'));
    if (!row) throw AppError.notFound(Noun);
    return row;
  }

  async function update(db: Db, actor: Actor, id: string, patch: z.infer<P>, ifMatch?: number) {
    const scope = policy.scope(actor, 'write');
    return transaction(db, async (tx) => {
      const before = await find(tx, actor, id, scope, { forUpdate: true });
      if (!before) throw AppError.notFound(Noun);
      assertPatientEntered(before as Row);
      checkVersion(ifMatch, (before as Row).version, def.noun);
      const next = def.toChanges(patch, before);
      def.check?.({ ...before, ...next } as RowOf<T>);
      const changes = diff(before as Record<string, unknown>, next as Record<string, unknown>);
      if (Object.keys(changes.newValues).length === 0) return before;
      await updateRow(tx, table, id, next);
      await audit(tx, actor, { action: 'update', table: tableName, recordId: id, ...changes });
      return (await find(tx, actor, id, scope))!;
    });
  }

  async function remove(db: Db, actor: Actor, id: string) {
    const scope = policy.scope(actor, 'delete');
    return transaction(db, async (tx) => {
      const before = await find(tx, actor, id, scope, { forUpdate: true });
      if (!before) throw AppError.notFound(Noun);
      assertPatientEntered(before as Row);
      const now = new Date();
      await updateRow(tx, table, id, { deletedAt: now } as Partial<InsertOf<T>>);
      await audit(tx, actor, {
        action: 'delete',
        table: tableName,
        recordId: id,
        oldValues: { deleted_at: null },
        newValues: { deleted_at: now },
      });
      return (await find(tx, actor, id, scope, { deleted: true }))!;
    });
  }

  /** Undo of a delete: the record is back as it was. */
  async function restore(db: Db, actor: Actor, id: string) {
    const scope = policy.scope(actor, 'delete');
    return transaction(db, async (tx) => {
      const before = await find(tx, actor, id, scope, { deleted: true, forUpdate: true });
      if (!before) throw AppError.notFound(`Deleted ${def.noun}`);
      assertPatientEntered(before as Row);
      await updateRow(tx, table, id, { deletedAt: null } as Partial<InsertOf<T>>);
      await audit(tx, actor, {
        action: 'update',
        table: tableName,
        recordId: id,
        oldValues: { deleted_at: (before as Row).deletedAt },
        newValues: { deleted_at: null },
      });
      return (await find(tx, actor, id, scope))!;
    });
  }

  /** list, create, read, update, delete and restore under /api/portal/<path>. */
  function routes(app: AppInstance) {
    const db = () => app.deps.database.db;
    const base = `/api/portal/${def.path}`;
    const { one, many } = def.names;
    const s = def.schemas;
    const item = s.item as z.ZodTypeAny;
    const withEtag = (reply: { header(k: string, v: string): unknown }, row: RowOf<T>) => {
      setEtag(reply as never, (row as Row).version);
      return present(row);
    };

    app.get(
      base,
      {
        config: read,
        schema: {
          operationId: `listPortal${many}`,
          tags,
          summary: `The patient's own ${def.noun} entries, newest first (filters, from/to, pages)`,
          querystring: s.query as z.ZodTypeAny,
          response: { 200: s.page as z.ZodTypeAny, ...problems(400, 401, 403) },
        },
      },
      async (req) => list(db(), actorOf(req), req.query as z.infer<Q>),
    );
    app.post(
      base,
      {
        config: write,
        schema: {
          operationId: `createPortal${one}`,
          tags,
          summary: `Add a ${def.noun} (source: patient)`,
          body: s.body as z.ZodTypeAny,
          response: { 201: item, ...problems(400, 401, 403, 409) },
        },
      },
      async (req, reply) => {
        const row = await create(db(), actorOf(req), req.body as z.infer<B>);
        return reply.status(201).send(withEtag(reply, row));
      },
    );
    app.get(
      `${base}/:id`,
      {
        config: read,
        schema: {
          operationId: `getPortal${one}`,
          tags,
          summary: `One of the patient's own ${def.noun} entries`,
          params: idParams,
          response: { 200: item, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => withEtag(reply, await get(db(), actorOf(req), req.params.id)),
    );
    app.patch(
      `${base}/:id`,
      {
        config: write,
        schema: {
          operationId: `updatePortal${one}`,
          tags,
          summary: `Change a ${def.noun} (If-Match: its ETag)`,
          params: idParams,
          headers: ifMatchHeaders,
          body: s.patch as z.ZodTypeAny,
          response: { 200: item, ...problems(400, 401, 403, 404, 412) },
        },
      },
      async (req, reply) => withEtag(reply, await update(db(), actorOf(req), req.params.id, req.body as z.infer<P>, ifMatchVersion(req))),
    );
    app.delete(
      `${base}/:id`,
      {
        config: del,
        schema: {
          operationId: `deletePortal${one}`,
          tags,
          summary: `Delete a ${def.noun} (soft: POST …/restore undoes it)`,
          params: idParams,
          response: { 200: item, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => present(await remove(db(), actorOf(req), req.params.id)),
    );
    app.post(
      `${base}/:id/restore`,
      {
        config: del,
        schema: {
          operationId: `restorePortal${one}`,
          tags,
          summary: `Undo the delete of a ${def.noun}`,
          params: idParams,
          response: { 200: item, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => present(await restore(db(), actorOf(req), req.params.id)),
    );
  }

  return { def, policy, present, listRows, list, create, get, update, remove, restore, routes };
}
