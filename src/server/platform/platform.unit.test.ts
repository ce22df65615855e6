import { describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../config';
import { uuidv7 } from './ids';
import { hashPassword, verifyPassword } from './auth/password';
import { can, PERMISSIONS, ROLES, RESOURCES, scopeFor } from '../../shared/permissions';

describe('config', () => {
  it('has working defaults: embedded database, demo data, 15-minute idle sessions', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, databaseUrl: undefined, demoData: true, sessionIdleMs: 15 * 60_000 });
  });
  it('does not create demo data on PostgreSQL unless asked', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).demoData).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db', DEMO_DATA: 'true' }).demoData).toBe(true);
  });
  it('stops with a message naming each bad setting', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    const bad = { PORT: 'eighty', SESSION_IDLE_MINUTES: '-1' };
    expect(() => loadConfig(bad)).toThrow(ConfigError);
    expect(() => loadConfig(bad)).toThrow(/PORT/);
    expect(() => loadConfig(bad)).toThrow(/SESSION_IDLE_MINUTES/);
  });
});

describe('uuidv7', () => {
  it('makes valid, time-ordered, unique ids', () => {
    const ids = Array.from({ length: 2000 }, () => uuidv7());
    for (const id of ids.slice(0, 5)) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('passwords', () => {
  it('verifies with scrypt and a per-user salt', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('wrong', a)).toBe(false);
    expect(await verifyPassword('x', null)).toBe(false);
  });
});

describe('permission matrix (SECURITY.md)', () => {
  it('gives patients nothing outside the portal scope and clinicians no pipeline', () => {
    for (const r of RESOURCES) {
      const s = scopeFor('patient', r, 'read');
      expect(s === null || s === 'self' || r === 'marketplace').toBe(true);
    }
    expect(can('clinician', 'leads', 'read')).toBe(false);
    expect(can('liaison', 'relationships', 'write')).toBe(true);
    expect(scopeFor('liaison', 'relationships', 'read')).toBe('own');
    expect(can('health_coach', 'relationships', 'read')).toBe(false);
    expect(can('manager', 'users', 'write')).toBe(false);
    expect(can('admin', 'users', 'delete')).toBe(true);
    expect(Object.keys(PERMISSIONS).sort()).toEqual([...ROLES].sort());
  });
});
