// Uploads a CSV body the way a browser does (text/csv), with the session of a test client.
import type { Client, Response, TestApp } from '../../../../tests/helpers/app';

export const uploadCsv = (app: TestApp['app'], c: Client, url: string, csv: string) =>
  app.inject({
    method: 'POST',
    url,
    payload: csv,
    headers: { cookie: c.cookie!, 'x-csrf-token': c.csrf!, 'content-type': 'text/csv' },
  }) as unknown as Promise<Response>;
