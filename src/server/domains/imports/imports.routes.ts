// /api/imports: CSV imports of leads and patients, and their jobs (resume, cancel); the scheduled
// recovery of imports whose process stopped. Thin: parse, authorize, call, present.
import type { Readable } from 'node:stream';
import type { DomainModule } from '..';
import { actorOf } from '../../platform/auth/guard';
import { problem, sendProblem } from '../../platform/errors';
import { idParams } from '../../../shared/schemas/common';
import { IMPORT_KINDS, importConflictProblem, importJobItem, importJobList, importQuery } from '../../../shared/schemas/imports';
import { PROBLEM_DESCRIPTIONS, problems } from '../../../shared/schemas/problem';
import {
  cancelImport,
  DuplicateUploadError,
  IMPORT_STALE_MS,
  importCsv,
  listImportJobs,
  readImportJob,
  recoverStuckImports,
  resumeImport,
} from './imports.service';

const tags = ['imports'];

/** The 409 of an upload: a plain problem, or with code duplicate_upload the earlier import of the same file. */
const uploadConflict = {
  409: {
    description: `${PROBLEM_DESCRIPTIONS[409]}; \`duplicate_upload\`: the same file was imported before (\`earlier_import\`), send \`on_duplicate\``,
    content: { 'application/problem+json': { schema: importConflictProblem } },
  },
};

export const importsModule: DomainModule = {
  name: 'imports',
  jobs: () => [
    {
      name: 'imports-recover',
      intervalSeconds: 60,
      run: async ({ database }) => ({ interrupted: await recoverStuckImports(database, { olderThanMs: IMPORT_STALE_MS }) }),
    },
  ],
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
            response: { 200: importJobItem, ...problems(400, 401, 403, 413), ...uploadConflict },
          },
        },
        async (req, reply) => {
          try {
            return await importCsv(
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
            );
          } catch (err) {
            if (!(err instanceof DuplicateUploadError)) throw err;
            const p = problem(err.code, err.message, String(req.id), err.errors);
            return sendProblem(reply, {
              ...p,
              type: 'https://healthcrm.dev/problems/duplicate-upload',
              title: 'Already imported',
              code: 'duplicate_upload' as never,
              earlier_import: err.earlier,
            } as typeof p);
          }
        },
      );
    }

    app.post(
      '/api/imports/:id/resume',
      {
        config: { permission: 'staff' },
        schema: {
          operationId: 'resumeImport',
          tags,
          summary:
            'Continue an interrupted import after its last committed batch. The body is the same CSV file again (text/csv), checked by its SHA-256',
          consumes: ['text/csv', 'application/csv', 'text/plain'],
          params: idParams,
          response: { 200: importJobItem, ...problems(400, 401, 403, 404, 409, 413) },
        },
      },
      async (req) =>
        resumeImport(
          database(),
          actorOf(req),
          req.params.id,
          {
            contentType: String(req.headers['content-type'] ?? ''),
            contentLength: Number(req.headers['content-length'] ?? 0),
            body: req.body as Readable,
          },
          app.deps.config.imports,
        ),
    );

    app.post(
      '/api/imports/:id/cancel',
      {
        config: { permission: 'staff' },
        schema: {
          operationId: 'cancelImport',
          tags,
          summary:
            'Cancel an import: a running one stops before its next batch (the rows already imported stay), an interrupted one at once',
          params: idParams,
          response: { 200: importJobItem, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (req) => cancelImport(database().db, actorOf(req), req.params.id),
    );

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
