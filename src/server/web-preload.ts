// What index.html asks for before its script runs (issue 11: Lighthouse mobile). The single-page
// app loads a screen's code only when the entry script has run, and a page's code only once its
// app's code has run: on a phone's network each step is a round trip, one after the other. For the
// app's own addresses the server knows which chunks the page will import, so index.html names them
// (`<link rel="modulepreload">`, the style sheet every lazy screen waits for, and the signed-in
// user's `/api/auth/me`): the browser fetches them in parallel with the entry script.
//
// The page's first data requests are named too (`<link rel="preload" as="fetch">`), with the exact
// address the page's own code asks for, so the browser hands the page the answer it already has
// (e2e/portal/preload.e2e.test.ts checks each page uses every one).
//
// The chunk names come from Vite's manifest (dist/web/.vite/manifest.json, keys relative to
// src/web). The table of pages below mirrors src/web/portal/areas.tsx (web-preload.unit.test.ts
// checks that every area is here with the same module).
import fs from 'node:fs';
import path from 'node:path';
import { PORTAL_RECORD_KINDS } from '../shared/schemas/clinic-records';
import { MEASURES } from '../shared/units';
import { vitalPeriodFrom, vitalPeriodOf } from '../shared/vital-periods';

export type ViteManifest = Record<string, { file: string; imports?: string[]; css?: string[]; isEntry?: boolean }>;

/** A query string as the web app's client writes it (src/web/api/client.ts: empty values left out). */
const qs = (q: Record<string, string | number | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.append(k, String(v));
  return p.size ? `?${p}` : '';
};
/** The first page of a portal record list (src/web/features/portal-records/api.ts: 50 a page). */
const firstPage = (resource: string, pageSize = 50) => `/api/portal/${resource}${qs({ page_size: pageSize, page: 1 })}`;

/**
 * The clinic records page's first request (src/web/features/portal-clinic-records/api.ts: 10 a page, the
 * address's `kind`, `from` and `to` when the page would use them).
 */
function clinicRecordsFirstPage(search: URLSearchParams): string {
  const day = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) ? v : undefined);
  const k = search.get('kind') ?? '';
  const kind = (PORTAL_RECORD_KINDS as readonly string[]).includes(k) ? k : undefined;
  const from = day(search.get('from'));
  let to = day(search.get('to'));
  if (from && to && to < from) to = undefined;
  return `/api/portal/records${qs({ page_size: 10, kind, from, to, page: 1 })}`;
}

type PortalPage = {
  path: RegExp;
  module: string;
  /** The API requests the page makes as it opens (from the address's match and its query string). */
  data?: (match: RegExpMatchArray, search: URLSearchParams, now: number) => string[];
};

/** The portal's addresses (after /portal), the page module each one renders (as in areas.tsx) and its data. */
export const PORTAL_PAGES: readonly PortalPage[] = [
  { path: /^$/, module: 'portal/PortalHome.tsx', data: () => ['/api/portal/vitals/latest', '/api/portal/dashboard'] },
  {
    path: /^vitals(?:\/([^/]+))?$/,
    module: 'portal/VitalsPage.tsx',
    data: (m, search, now) => {
      const measure = m[1] ?? 'blood_pressure';
      if (!(MEASURES as readonly string[]).includes(measure)) return [];
      const from = vitalPeriodFrom(vitalPeriodOf(search.get('period')), now);
      return [
        `/api/portal/vitals${qs({ measure, page_size: 2 })}`,
        `/api/portal/vitals/chart${qs({ measure, from })}`,
        `/api/portal/vitals${qs({ page_size: 20, measure, from, page: 1 })}`,
      ];
    },
  },
  { path: /^medications$/, module: 'portal/MedicationsPage.tsx', data: () => [firstPage('medications')] },
  { path: /^health$/, module: 'portal/HealthHub.tsx' },
  { path: /^more$/, module: 'portal/PortalMore.tsx' },
  { path: /^access-log$/, module: 'portal/AccessLogPage.tsx', data: () => [firstPage('access-log', 20)] },
  { path: /^profile$/, module: 'portal/ProfilePage.tsx', data: () => ['/api/portal/profile'] },
  {
    path: /^records$/,
    module: 'portal/ClinicRecordsPage.tsx',
    data: (_m, search) => [clinicRecordsFirstPage(search), '/api/portal/record-preferences'],
  },
  { path: /^labs$/, module: 'portal/LabsPage.tsx', data: () => ['/api/portal/lab-results/tests'] },
  { path: /^labs\/[^/]+$/, module: 'portal/LabsPage.tsx' },
  { path: /^symptoms$/, module: 'portal/SymptomsPage.tsx', data: () => [firstPage('symptoms')] },
  {
    path: /^history$/,
    module: 'portal/HistoryPage.tsx',
    data: () => [firstPage('conditions'), firstPage('allergies'), firstPage('procedures')],
  },
  { path: /^care-plans$/, module: 'portal/CarePlansPage.tsx', data: () => [firstPage('care-plans')] },
  { path: /^care-plans\/[^/]+$/, module: 'portal/CarePlansPage.tsx' },
];

// The portal's pages a signed-out visitor uses (main.tsx starts nothing signed-in for them either).
const PORTAL_PUBLIC = /^(login|forgot-password|reset-password|verify-email|[^/]+\/register)$/;
// The style sheet each app's screen waits for (main.tsx): the portal's own, the staff app's all of Mantine's.
const STYLES: Record<string, string> = { 'portal/PortalApp.tsx': 'styles/portal.css', 'staff/StaffApp.tsx': 'styles/app.css' };

/** What an address renders first (its app and its page) and the page's first requests; none for the sign-in pages. */
export function pageOf(url: string, now = Date.now()): { modules: string[]; data: string[] } {
  const [rawPath = '', search = ''] = url.split('?');
  const p = rawPath.replace(/\/+$/, '');
  if (p === '/portal' || p.startsWith('/portal/')) {
    const rest = p === '/portal' ? '' : p.slice('/portal/'.length);
    if (PORTAL_PUBLIC.test(rest)) return { modules: [], data: [] };
    for (const page of PORTAL_PAGES) {
      const m = rest.match(page.path);
      if (!m) continue;
      const data = page.data?.(m, new URLSearchParams(search), now) ?? [];
      return { modules: ['portal/PortalApp.tsx', page.module], data: ['/api/auth/me', ...data] };
    }
    return { modules: ['portal/PortalApp.tsx'], data: ['/api/auth/me'] };
  }
  if (p === '/app' || p.startsWith('/app/')) return { modules: ['staff/StaffApp.tsx'], data: ['/api/auth/me'] };
  return { modules: [], data: [] };
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

// The chunk and style-sheet links of a set of modules, worked out once per manifest (not per request).
const assetCache = new WeakMap<ViteManifest, Map<string, { scripts: string[]; styles: string[] }>>();
function assetsOf(manifest: ViteManifest, modules: string[]) {
  let cache = assetCache.get(manifest);
  if (!cache) assetCache.set(manifest, (cache = new Map()));
  const key = modules.join(',');
  const hit = cache.get(key);
  if (hit) return hit;
  const visit = (k: string, into: Set<string>) => {
    if (into.has(k) || !manifest[k]) return;
    into.add(k);
    for (const i of manifest[k]!.imports ?? []) visit(i, into);
  };
  const inEntry = new Set<string>();
  const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry);
  if (entryKey) visit(entryKey, inEntry);
  const chunks = new Set<string>();
  for (const m of modules) visit(m, chunks);
  const styles = new Set<string>();
  for (const m of modules) {
    const sheet = STYLES[m];
    if (sheet && manifest[sheet]) styles.add(manifest[sheet]!.file);
  }
  const scripts: string[] = [];
  for (const k of chunks) {
    if (inEntry.has(k)) continue;
    scripts.push(manifest[k]!.file);
    for (const css of manifest[k]!.css ?? []) styles.add(css);
  }
  const assets = { scripts, styles: [...styles] };
  cache.set(key, assets);
  return assets;
}

/**
 * The `<link>` tags for an address: the app's style sheet, its first requests (fetched as the app's own are:
 * same-origin credentials, so the browser hands them over), each module's chunk and the chunks it
 * imports (not those the entry already preloads) with their style sheets.
 */
export function preloadLinks(manifest: ViteManifest, url: string, now = Date.now()): string {
  const { modules, data } = pageOf(url, now);
  if (modules.length === 0) return '';
  const { scripts, styles } = assetsOf(manifest, modules);
  // Vite loads style sheets and chunks in CORS mode (crossorigin): the preloads must match to be used.
  return [
    ...styles.map((f) => `<link rel="preload" as="style" crossorigin href="/${escapeAttr(f)}">`),
    ...data.map((u) => `<link rel="preload" as="fetch" crossorigin href="${escapeAttr(u)}">`),
    ...scripts.map((f) => `<link rel="modulepreload" crossorigin href="/${escapeAttr(f)}">`),
  ].join('');
}

/**
 * index.html for an address (path and query string): the built file with the address's preloads at
 * the end of <head>. Reads the manifest once; without one every address gets the plain file.
 */
export function indexHtmlFor(webDist: string): ((url: string) => string) | null {
  const file = path.join(webDist, 'index.html');
  if (!fs.existsSync(file)) return null;
  const html = fs.readFileSync(file, 'utf8');
  const manifestFile = path.join(webDist, '.vite/manifest.json');
  if (!fs.existsSync(manifestFile)) return () => html;
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as ViteManifest;
  return (url) => {
    const links = preloadLinks(manifest, url);
    return links ? html.replace('</head>', `${links}</head>`) : html;
  };
}
