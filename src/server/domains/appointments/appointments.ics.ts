// An appointment as an iCalendar file (RFC 5545). No clinical notes: calendar files travel.
import type { AppointmentRow } from './appointments.queries';

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const text = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
/** Lines longer than 75 octets are folded. */
const fold = (line: string) => {
  const out: string[] = [];
  let rest = line;
  while (Buffer.byteLength(rest) > 75) {
    let n = 75;
    while (Buffer.byteLength(rest.slice(0, n)) > 75) n--;
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
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//HealthCRM//Appointments//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH',
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
    'END:VEVENT', 'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}
