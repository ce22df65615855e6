import { describe, expect, it } from 'vitest';
import { appointmentIcs, fold, icsText } from './appointments.ics';
import type { AppointmentRow } from './appointments.queries';

const base = {
  id: '0190a0b0-0000-7000-8000-000000000001',
  status: 'scheduled',
  mode: 'in_person',
  title: 'Check-up',
  practiceName: 'Main clinic',
  practiceAddress: '1 Main St',
  clinicianName: 'Dr Who',
  staffName: null,
  startsAt: new Date('2025-03-01T10:00:00Z'),
  endsAt: new Date('2025-03-01T10:30:00Z'),
  updatedAt: new Date('2025-02-01T09:00:00Z'),
  version: 1,
} as unknown as AppointmentRow;

describe('appointment .ics', () => {
  it('escapes TEXT per RFC 5545: backslash, semicolon, comma, CRLF/LF as \\n, a bare CR dropped', () => {
    expect(icsText('a\\b;c,d')).toBe('a\\\\b\\;c\\,d');
    expect(icsText('one\r\ntwo\nthree\rfour')).toBe('one\\ntwo\\nthreefour');
    expect(icsText('x\u0000y\u001bz\tt')).toBe('xyz\tt');
  });

  it('never lets a title, location or name start a property or component of its own', () => {
    const ics = appointmentIcs({
      ...base,
      title: 'Visit\rEND:VEVENT\r\nBEGIN:VEVENT\nSUMMARY:x',
      practiceName: 'Clinic\r\nATTACH:http://evil',
    } as AppointmentRow);
    const lines = ics.split('\r\n');
    expect(ics).not.toMatch(/\r(?!\n)/); // no bare CR anywhere
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/\n/); // no bare LF either
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('ATTACH'))).toHaveLength(0);
    expect(ics).toContain('SUMMARY:VisitEND:VEVENT\\nBEGIN:VEVENT\\nSUMMARY:x');
  });

  it('folds content lines at 75 octets without splitting a UTF-8 character or an emoji', () => {
    const long = `SUMMARY:${'é'.repeat(30)}${'😀'.repeat(30)}${'a'.repeat(100)}`;
    const folded = fold(long);
    const parts = folded.split('\r\n');
    for (const p of parts) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(75);
    for (const p of parts.slice(1)) expect(p.startsWith(' ')).toBe(true);
    expect(parts.map((p, i) => (i ? p.slice(1) : p)).join('')).toBe(long);
    expect(folded).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/); // no lone high surrogate
    const ics = appointmentIcs({ ...base, title: 'x'.repeat(300) } as AppointmentRow);
    for (const l of ics.split('\r\n')) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(75);
  });
});
