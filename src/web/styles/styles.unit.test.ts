// The portal loads Mantine's styles of only what it uses (portal.css, after first-load.css). Every
// Mantine component imported by code the portal can load (followed from PortalApp.tsx through its static
// and lazy imports) must have its style sheet, and those of the components it is built on, in one of them.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const WEB = path.resolve(import.meta.dirname, '..');
const MANTINE_STYLES = path.resolve(WEB, '../../node_modules/@mantine/core/styles');

// What a component renders of other components' styles (Mantine's own composition).
const BUILT_ON: Record<string, string[]> = {
  Autocomplete: ['Combobox', 'Popover', 'ScrollArea', 'Input'],
  Select: ['Combobox', 'Popover', 'ScrollArea', 'Input'],
  Combobox: ['Popover', 'ScrollArea'],
  Modal: ['ModalBase', 'Overlay', 'Paper', 'CloseButton'],
  NativeSelect: ['Input', 'Combobox'],
  TextInput: ['Input'],
  Textarea: ['Input'],
  PasswordInput: ['Input', 'ActionIcon'],
  Checkbox: ['InlineInput', 'CheckboxIndicator'],
  Switch: ['InlineInput'],
  SegmentedControl: ['FloatingIndicator'],
  Card: ['Paper'],
  Notification: ['Loader', 'CloseButton'],
};

/** Files the portal can load: relative imports (static and lazy) followed from its entry. */
function portalFiles(): string[] {
  const seen = new Set<string>();
  const todo = [path.join(WEB, 'portal/PortalApp.tsx'), path.join(WEB, 'main.tsx')];
  while (todo.length) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const src = fs.readFileSync(file, 'utf8');
    for (const m of src.matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)'/g)) {
      const base = path.resolve(path.dirname(file), m[1]!);
      // main.tsx: only what the portal's pages load (not the staff app nor the other account pages).
      if (file.endsWith('main.tsx') && /staff|AcceptInvite|ResetPassword|Register|VerifyEmail|ForgotPassword/.test(m[1]!)) continue;
      const found = ['', '.ts', '.tsx', '/index.ts'].map((ext) => base + ext).find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
      if (found && /\.tsx?$/.test(found)) todo.push(found);
    }
  }
  return [...seen];
}

const importedSheets = (file: string) =>
  new Set([...fs.readFileSync(path.join(WEB, 'styles', file), 'utf8').matchAll(/@mantine\/core\/styles\/(\w+)\.css/g)].map((m) => m[1]!));

describe('the portal style sheet', () => {
  it("has the styles of every Mantine component the portal's code imports", () => {
    const files = portalFiles();
    expect(files.some((f) => f.endsWith('forms/MedicationForm.tsx'))).toBe(true); // lazy forms are followed
    const used = new Set<string>();
    for (const f of files) {
      for (const m of fs.readFileSync(f, 'utf8').matchAll(/import \{([^}]+)\} from '@mantine\/core'/g)) {
        for (const name of m[1]!.split(',').map((n) => n.replace(/^\s*type\s+/, '').trim())) if (/^[A-Z]/.test(name)) used.add(name);
      }
    }
    const needed = new Set<string>();
    const add = (name: string) => {
      if (fs.existsSync(path.join(MANTINE_STYLES, `${name}.css`))) needed.add(name);
      for (const dep of BUILT_ON[name] ?? []) add(dep);
    };
    used.forEach(add);
    const have = new Set([...importedSheets('first-load.css'), ...importedSheets('portal.css')]);
    expect([...needed].filter((n) => !have.has(n)).sort()).toEqual([]);
    // And nothing the portal does not use (the point of the sheet).
    expect([...importedSheets('portal.css')].filter((n) => !needed.has(n)).sort()).toEqual([]);
  });
});
