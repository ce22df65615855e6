import type { Readable } from 'node:stream';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { DomainModule } from '..';
import { importJobs } from '../../db/schema';
import { actorOf } from '../../platform/auth/guard';
import { AppError } from '../../platform/errors';
import { idParams } from '../../../shared/schemas/common';
import { can } from '../../../shared/permissions';
import { IMPORT_KINDS, importJobItem, importQuery, type ImportKind } from '../../../shared/schemas/imports';
import { getImportJob, parseMapping, runImport, sizeMessage, tooLarge } from './imports.service';
import { problems } from '../../../shared/schemas/problem';

const resourceOf = (k: ImportKind) => (k === 'leads' ? 'leads' : 'patients') as 'leads' | 'patients';
const tags = ['imports'];

function presentJob(j: typeof importJobs.$inferSelect) {
  const e = j.errors as { errors?: unknown[]; matches?: unknown[] } | unknown[];
  const errors = (Array.isArray(e) ? e : (e.errors ?? [])) as z.infer<typeof importJobItem>['errors'];
  const matches = (Array.isArray(e) ? undefined : e.matches) as z.infer<typeof importJobItem>['matches'];
  return {
    id: j.id,
    kind: j.kind as ImportKind,
    dry_run: j.dryRun,
    status: j.status as 'running',
    total: j.status === 'running' ? null : j.total,
    processed: j.processed,
    created: j.created,
    matched: j.matched,
    failed: j.failed,
    errors,
    ...(matches ? { matches } : {}),
    error: j.error,
    created_at: j.createdAt.toISOString(),
    finished_at: j.finishedAt?.toISOString() ?? null,
  };
}

export const importsModule: DomainModule = {
  name: 'imports',
  routes: async (app) => {
    const database = () => app.deps.database;
    // The CSV arrives as a stream (nothing buffered; Fastify's body limit does not apply to a stream),
    // capped by IMPORT_MAX_MB and IMPORT_MAX_ROWS in runImport; scoped to this plugin's routes.
    app.addContentTypeParser(['text/csv', 'text/plain', 'application/csv'], (_req, payload, done) => done(null, payload));

    for (const kind of IMPORT_KINDS) {
      app.post(
        `/api/imports/${kind}`,
        {
          config: { permission: { resource: resourceOf(kind), action: 'write' } },
          schema: {
            operationId: `import${kind[0]!.toUpperCase()}${kind.slice(1)}`,
            tags,
            summary: `Import ${kind} from CSV (body text/csv). dry_run=true (default) reports per-row errors and email matches without writing`,
            // The body is read as a stream, so it has no body schema; app.ts documents it from `consumes`.
            consumes: ['text/csv', 'application/csv', 'text/plain'],
            querystring: importQuery,
            response: { 200: importJobItem, ...problems(400, 401, 403, 409, 413) },
          },
        },
        async (req) => {
          const ct = String(req.headers['content-type'] ?? '');
          if (!/^(text\/csv|text\/plain|application\/csv)/.test(ct))
            throw AppError.field('content-type', 'send the CSV file as the body with Content-Type: text/csv', 'bad_request');
          const { maxBytes, maxRows } = app.deps.config.imports;
          // A declared length over the cap is refused before anything is read (a chunked upload is
          // counted as it streams and stopped at the cap).
          if (Number(req.headers['content-length'] ?? 0) > maxBytes) throw tooLarge(sizeMessage(maxBytes));
          const mapping = parseMapping(kind, req.query.mapping);
          const job = await runImport(database(), actorOf(req), kind, req.body as Readable, {
            dryRun: req.query.dry_run,
            mapping,
            jobId: req.query.job_id,
            maxBytes,
            maxRows,
          });
          // The job answers to the id the client chose (stored under an id derived from it and the organization).
          return { ...presentJob(job), id: req.query.job_id ?? job.id };
        },
      );
    }

    app.get(
      '/api/imports',
      {
        config: { permission: 'staff' },
        schema: {
          operationId: 'listImports',
          tags,
          summary: 'Recent import jobs',
          response: { 200: z.object({ items: z.array(importJobItem) }), ...problems(401, 403) },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        const kinds = IMPORT_KINDS.filter((k) => can(actor.role, resourceOf(k), 'read'));
        if (!kinds.length) throw AppError.forbidden();
        const rows = await database()
          .db.select()
          .from(importJobs)
          .where(and(eq(importJobs.orgId, actor.orgId), inArray(importJobs.kind, kinds)))
          .orderBy(desc(importJobs.createdAt))
          .limit(50);
        return { items: rows.map(presentJob) };
      },
    );

    app.get(
      '/api/imports/:id',
      {
        config: { permission: 'staff' },
        schema: {
          operationId: 'getImport',
          tags,
          summary: 'An import job: progress while running, counts and errors when done',
          params: idParams,
          response: { 200: importJobItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        const job = await getImportJob(database().db, actor.orgId, req.params.id);
        if (!can(actor.role, resourceOf(job.kind as ImportKind), 'read')) throw AppError.notFound('Import');
        return { ...presentJob(job), id: req.params.id };
      },
    );
  },
};
