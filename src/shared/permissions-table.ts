// The access matrix as the Markdown table of docs/security.md (a unit test keeps the two equal).
import { PERMISSIONS, RESOURCES, ROLES, type Grant } from './permissions';

/** `rwd`, `rw (assigned)`, `r (own)`, or `-`; mixed scopes are listed per action. */
export function grantCell(g: Grant | undefined): string {
  if (!g) return '-';
  const parts = (['read', 'write', 'delete'] as const).filter((a) => g[a]).map((a) => ({ letter: a[0]!, scope: g[a]! }));
  if (!parts.length) return '-';
  const scopes = [...new Set(parts.map((p) => p.scope))];
  const letters = parts.map((p) => p.letter).join('');
  if (scopes.length === 1) return scopes[0] === 'all' ? letters : `${letters} (${scopes[0]})`;
  return parts.map((p) => (p.scope === 'all' ? p.letter : `${p.letter} (${p.scope})`)).join(', ');
}

export function permissionsTable(): string {
  const head = `| resource | ${ROLES.join(' | ')} |`;
  const sep = `| --- | ${ROLES.map(() => '---').join(' | ')} |`;
  const rows = RESOURCES.map((res) => `| ${res} | ${ROLES.map((role) => grantCell(PERMISSIONS[role][res])).join(' | ')} |`);
  return [head, sep, ...rows].join('\n');
}
