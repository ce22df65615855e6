import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pageOf, preloadLinks, type ViteManifest } from './web-preload';

const NOW = Date.parse('2026-12-03T10:00:00Z');

describe('pageOf: what an address renders first and asks for', () => {
  it('names the portal, the page and its first requests for each signed-in portal address', () => {
    expect(pageOf('/portal', NOW)).toEqual({
      modules: ['portal/PortalApp.tsx', 'portal/PortalHome.tsx'],
      data: ['/api/auth/me', '/api/portal/vitals/latest', '/api/portal/dashboard'],
    });
    expect(pageOf('/portal/medications/', NOW).data).toEqual(['/api/auth/me', '/api/portal/medications?page_size=50&page=1']);
    expect(pageOf('/portal/history', NOW).data).toEqual([
      '/api/auth/me',
      '/api/portal/conditions?page_size=50&page=1',
      '/api/portal/allergies?page_size=50&page=1',
      '/api/portal/procedures?page_size=50&page=1',
    ]);
    expect(pageOf('/portal/labs/Hemoglobin%20A1c', NOW)).toEqual({
      modules: ['portal/PortalApp.tsx', 'portal/LabsPage.tsx'],
      data: ['/api/auth/me'],
    });
  });

  it("asks for the clinic records page's first page with the address's kind and dates, as the page does", () => {
    expect(pageOf('/portal/records', NOW)).toEqual({
      modules: ['portal/PortalApp.tsx', 'portal/ClinicRecordsPage.tsx'],
      data: ['/api/auth/me', '/api/portal/records?page_size=10&page=1', '/api/portal/record-preferences'],
    });
    expect(pageOf('/portal/records?kind=lab_result', NOW).data[1]).toBe('/api/portal/records?page_size=10&kind=lab_result&page=1');
    expect(pageOf('/portal/records?to=2026-12-01&kind=note&from=2026-11-01', NOW).data[1]).toBe(
      '/api/portal/records?page_size=10&kind=note&from=2026-11-01&to=2026-12-01&page=1',
    );
    // What the page leaves out (the server would refuse it), the preload leaves out too.
    expect(pageOf('/portal/records?kind=everything&from=yesterday&to=2026-13-45', NOW).data[1]).toBe(
      '/api/portal/records?page_size=10&page=1',
    );
    expect(pageOf('/portal/records?from=2026-12-02&to=2026-12-01', NOW).data[1]).toBe(
      '/api/portal/records?page_size=10&from=2026-12-02&page=1',
    );
  });

  it("asks for the vitals page's period from the same day the page computes (3 months by default)", () => {
    expect(pageOf('/portal/vitals', NOW).data).toEqual([
      '/api/auth/me',
      '/api/portal/vitals?measure=blood_pressure&page_size=2',
      '/api/portal/vitals/chart?measure=blood_pressure&from=2026-09-02',
      '/api/portal/vitals?page_size=20&measure=blood_pressure&from=2026-09-02&page=1',
    ]);
    expect(pageOf('/portal/vitals/weight?period=all', NOW).data).toEqual([
      '/api/auth/me',
      '/api/portal/vitals?measure=weight&page_size=2',
      '/api/portal/vitals/chart?measure=weight',
      '/api/portal/vitals?page_size=20&measure=weight&page=1',
    ]);
    expect(pageOf('/portal/vitals/weight?period=1m', NOW).data[2]).toBe('/api/portal/vitals/chart?measure=weight&from=2026-11-02');
    // Not a measure: the page sends the patient to /portal/vitals; nothing is asked for.
    expect(pageOf('/portal/vitals/%3Cscript%3E', NOW).data).toEqual(['/api/auth/me']);
  });

  it('preloads nothing for the pages a signed-out visitor uses, nor for other addresses', () => {
    for (const url of [
      '/portal/login',
      '/portal/forgot-password',
      '/portal/reset-password?token=x',
      '/portal/verify-email',
      '/portal/acme/register',
      '/login',
      '/',
      '/accept-invite',
    ]) {
      expect(pageOf(url, NOW), url).toEqual({ modules: [], data: [] });
    }
    expect(pageOf('/portal/nowhere', NOW)).toEqual({ modules: ['portal/PortalApp.tsx'], data: ['/api/auth/me'] });
    expect(pageOf('/app/patients', NOW)).toEqual({ modules: ['staff/StaffApp.tsx'], data: ['/api/auth/me'] });
  });

  it('maps every portal area to the module areas.tsx renders for it', () => {
    // areas.tsx: `{ path: 'labs/:test', ..., component: page(() => import('./LabsPage')) }` or a named page.
    const src = fs.readFileSync(path.resolve(import.meta.dirname, '../web/portal/areas.tsx'), 'utf8');
    const named = new Map([...src.matchAll(/const (\w+) = page\(\(\) => import\('\.\/(\w+)'\)\)/g)].map((m) => [m[1]!, m[2]!]));
    const areas = [...src.matchAll(/\{ path: '([^']*)'[^\n]*component: (?:page\(\(\) => import\('\.\/(\w+)'\)\)|(\w+))/g)];
    expect(areas.length).toBeGreaterThanOrEqual(14);
    for (const [, areaPath, imported, variable] of areas) {
      const module = imported ?? named.get(variable!);
      const url = `/portal${areaPath ? `/${areaPath.replace(/:\w+/g, 'weight')}` : ''}`;
      expect(pageOf(url, NOW).modules, url).toEqual(['portal/PortalApp.tsx', `portal/${module}.tsx`]);
    }
  });
});

describe('preloadLinks', () => {
  const manifest: ViteManifest = {
    'index.html': { file: 'assets/index-1.js', isEntry: true, imports: ['_react.js'] },
    '_react.js': { file: 'assets/react-1.js' },
    '_card.js': { file: 'assets/card-1.js', imports: ['_react.js'], css: ['assets/card-1.css'] },
    'portal/PortalApp.tsx': { file: 'assets/PortalApp-1.js', imports: ['index.html', '_react.js'] },
    'portal/PortalHome.tsx': { file: 'assets/PortalHome-1.js', imports: ['index.html', '_card.js'] },
    'styles/portal.css': { file: 'assets/portal-1.css' },
    'styles/app.css': { file: 'assets/app-1.css' },
  };

  it("names the page's chunks and their imports (not the entry's), the style sheets and the data, all in CORS mode", () => {
    const html = preloadLinks(manifest, '/portal', NOW);
    expect(html).toBe(
      [
        '<link rel="preload" as="style" crossorigin href="/assets/portal-1.css">',
        '<link rel="preload" as="style" crossorigin href="/assets/card-1.css">',
        '<link rel="preload" as="fetch" crossorigin href="/api/auth/me">',
        '<link rel="preload" as="fetch" crossorigin href="/api/portal/vitals/latest">',
        '<link rel="preload" as="fetch" crossorigin href="/api/portal/dashboard">',
        '<link rel="modulepreload" crossorigin href="/assets/PortalApp-1.js">',
        '<link rel="modulepreload" crossorigin href="/assets/PortalHome-1.js">',
        '<link rel="modulepreload" crossorigin href="/assets/card-1.js">',
      ].join(''),
    );
  });

  it('is empty for the sign-in page', () => {
    expect(preloadLinks(manifest, '/portal/login', NOW)).toBe('');
  });
});
