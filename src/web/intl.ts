// Dates and numbers in the patient's locale, with formatters made once per set of options. A
// `toLocaleDateString(undefined, options)` call builds a new Intl formatter each time: on a list of
// twenty readings and a chart's labels that was the largest piece of script of the vitals page on a
// phone (issue 11, Lighthouse). The same options give the same text as those calls.
const dates = new Map<string, Intl.DateTimeFormat>();
const numbers = new Map<string, Intl.NumberFormat>();

/** A date/time formatter of the browser's locale for these options (made once). */
export function dateFormat(options: Intl.DateTimeFormatOptions = {}): Intl.DateTimeFormat {
  const key = JSON.stringify(options);
  let f = dates.get(key);
  if (!f) dates.set(key, (f = new Intl.DateTimeFormat(undefined, options)));
  return f;
}

/** A number formatter of the browser's locale for these options (made once). */
export function numberFormat(options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = JSON.stringify(options);
  let f = numbers.get(key);
  if (!f) numbers.set(key, (f = new Intl.NumberFormat(undefined, options)));
  return f;
}

/** "9:05 AM". */
export const timeLabel = (d: Date | number) => dateFormat({ hour: 'numeric', minute: '2-digit' }).format(d);

/** A chart's axis label: "3 Mar", or "Mar 2026" when the axis spans long. */
export const axisDateLabel = (t: number, long: boolean) =>
  dateFormat(long ? { month: 'short', year: 'numeric' } : { day: 'numeric', month: 'short' }).format(t);
