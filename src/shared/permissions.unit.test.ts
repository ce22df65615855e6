import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { grantCell, permissionsTable } from './permissions-table';

describe('the access matrix of docs/security.md', () => {
  it('is exactly the one src/shared/permissions.ts grants', () => {
    const doc = fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/security.md'), 'utf8');
    expect(doc).toContain(permissionsTable());
  });

  it('writes a grant the way the page explains it', () => {
    expect(grantCell(undefined)).toBe('-');
    expect(grantCell({ read: 'all', write: 'all', delete: 'all' })).toBe('rwd');
    expect(grantCell({ read: 'assigned', write: 'assigned' })).toBe('rw (assigned)');
    expect(grantCell({ read: 'all', write: 'own' })).toBe('r, w (own)');
  });
});
