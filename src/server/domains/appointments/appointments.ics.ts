// An appointment as an iCalendar file (RFC 5545). No clinical notes: calendar files travel.
import type { AppointmentRow } from './appointments.queries';

const stamp = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
/**
 * A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, a line break (CRLF or LF)
 * written as \n, a bare CR and other control characters dropped: a raw CR or LF would end the
 * property and let a title inject properties or components of its own.
 */
export const icsText = (s: string) =>
  s
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r?\n/g, '\\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
const text = icsText;

/** Content lines longer than 75 octets are folded (CRLF + one space), never inside a UTF-8 character or a surrogate pair. */
export const fold = (line: string) => {
  const out: string[] = [];
  let rest = line;
  while (Buffer.byteLength(rest) > 75) {
    let n = 75;
    while (Buffer.byteLength(rest.slice(0, n)) > 75) n--;
    // Do not split a surrogate pair (an emoji): its halves are not characters of their own.
    const c = rest.charCodeAt(n - 1);
    if (c >= 0xd800 && c <= 0xdbff) n--;
    out.push(rest.slice(0, n));
    rest = ' ' + rest.slice(n);
  }
  out.push(rest);
  return out.join('\r\n');
};

export function appointmentIcs(a: AppointmentRow, host = 'healthcrm') {
  const status = a.status === 'cancelled' ? 'CANCELLED' : a.status === 'requested' ? 'TENTATIVE' : 'CONFIRMED';
  const where = a.mode === 'virtual' ? 'Virtual visit' : [a.practiceName, a.practiceAddress].filter(Boolean).join(', ');
  const who = [a.clinicianName, a.staffName].filter(Boolean).join(', ');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//HealthCRM//Appointments//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${a.id}@${host}`,
    `DTSTAMP:${stamp(a.updatedAt)}`,
    `DTSTART:${stamp(a.startsAt)}`,
    `DTEND:${stamp(a.endsAt)}`,
    `SEQUENCE:${a.version - 1}`,
    `SUMMARY:${text(a.title ?? 'Appointment')}`,
    ...(where ? [`LOCATION:${text(where)}`] : []),
    ...(who ? [`DESCRIPTION:${text(`With ${who}`)}`] : []),
    `STATUS:${status}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}
