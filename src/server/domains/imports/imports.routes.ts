// /api/imports: CSV imports of leads and patients, and their jobs. Thin: parse, authorize, call, present.
import type { Readable } from 'node:stream';
import type { DomainModule } from '..';
import { actorOf } from '../../platform/auth/guard';
import { idParams } from '../../../shared/schemas/common';
import { IMPORT_KINDS, importJobItem, importJobList, importQuery } from '../../../shared/schemas/imports';
import { problems } from '../../../shared/schemas/problem';
import { importCsv, listImportJobs, readImportJob } from './imports.service';

const tags = ['imports'];

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
          config: { permission: { resource: kind, action: 'write' } },
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
        async (req) =>
          importCsv(
            database(),
            actorOf(req),
            kind,
            {
              contentType: String(req.headers['content-type'] ?? ''),
              contentLength: Number(req.headers['content-length'] ?? 0),
              body: req.body as Readable,
              query: req.query,
            },
            app.deps.config.imports,
          ),
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
          response: { 200: importJobList, ...problems(401, 403) },
        },
      },
      async (req) => listImportJobs(database().db, actorOf(req)),
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
      async (req) => readImportJob(database().db, actorOf(req), req.params.id),
    );
  },
};
