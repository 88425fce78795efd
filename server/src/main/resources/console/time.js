// Times in a named zone (the organisation's, or a hub's), whatever zone the browser is in: shown
// in words a person reads ("tisdag 8 december kl. 07:45"), and read back from date and time
// inputs as the wall-clock time in that zone, daylight-saving changes included.

import { session } from './session.js';

const locale = () => (session.lang === 'en' ? 'en-GB' : 'sv-SE');
const formats = new Map();

function format(zone, options) {
  const key = locale() + zone + JSON.stringify(options);
  if (!formats.has(key)) formats.set(key, new Intl.DateTimeFormat(locale(), { ...options, timeZone: zone }));
  return formats.get(key);
}

function parts(date, zone, options) {
  const out = {};
  for (const p of format(zone, options).formatToParts(date)) out[p.type] = p.value;
  return out;
}

/** The wall-clock fields of an instant in a zone. */
function wall(ms, zone) {
  const p = parts(new Date(ms), zone, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  return { y: +p.year, mo: +p.month, d: +p.day, h: +p.hour, mi: +p.minute, s: +p.second };
}

/** How far the zone is ahead of UTC at that instant, in minutes. */
function offsetMinutes(ms, zone) {
  const w = wall(ms, zone);
  return Math.round((Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - Math.floor(ms / 1000) * 1000) / 60000);
}

const pad = (n) => String(n).padStart(2, '0');

function offsetText(minutes) {
  const sign = minutes < 0 ? '-' : '+';
  const m = Math.abs(minutes);
  return `${sign}${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}

/**
 * "2026-12-08T07:00" read in the zone -> "2026-12-08T07:00:00+01:00". A time the clocks skip in
 * spring is moved forward by the gap, as a person setting a clock would.
 */
export function fromLocalInput(value, zone) {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)/.exec(value || '');
  if (!m) return null;
  const asUtc = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  let ms = asUtc - offsetMinutes(asUtc, zone) * 60000;
  ms = asUtc - offsetMinutes(ms, zone) * 60000;
  const w = wall(ms, zone);
  return `${w.y}-${pad(w.mo)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}:00${offsetText(offsetMinutes(ms, zone))}`;
}

/** An instant as the value of a datetime-local input in the zone. */
export function toLocalInput(iso, zone) {
  const w = wall(Date.parse(iso), zone);
  return `${w.y}-${pad(w.mo)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}`;
}

/** Today's date in the zone, YYYY-MM-DD. */
export function today(zone) {
  return dateOf(new Date().toISOString(), zone);
}

/** The date an instant falls on in the zone, YYYY-MM-DD. */
export function dateOf(iso, zone) {
  const w = wall(Date.parse(iso), zone);
  return `${w.y}-${pad(w.mo)}-${pad(w.d)}`;
}

export function addDays(date, n) {
  const d = new Date(date + 'T12:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];

export function weekdayOf(date) {
  return WEEKDAYS[(new Date(date + 'T12:00:00Z').getUTCDay() + 6) % 7];
}

function sameYear(ms, zone) {
  return wall(ms, zone).y === wall(Date.now(), zone).y;
}

/** "tisdag 8 december kl. 07:45" / "Tuesday 8 December at 07:45" (with the year when not this year). */
export function when(iso, zone) {
  if (!iso) return '';
  const ms = Date.parse(iso);
  const p = parts(new Date(ms), zone, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const day = `${p.weekday} ${p.day} ${p.month}${sameYear(ms, zone) ? '' : ' ' + p.year}`;
  return session.lang === 'en' ? `${day} at ${p.hour}:${p.minute}` : `${day} kl. ${p.hour}:${p.minute}`;
}

/** "8 dec. 07:45" / "8 Dec 07:45", for tables. */
export function short(iso, zone) {
  if (!iso) return '';
  const ms = Date.parse(iso);
  const p = parts(new Date(ms), zone, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return `${p.day} ${p.month}${sameYear(ms, zone) ? '' : ' ' + p.year} ${p.hour}:${p.minute}`;
}

/** "07:45" in the zone. */
export function clock(iso, zone) {
  const p = parts(new Date(Date.parse(iso)), zone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return `${p.hour}:${p.minute}`;
}

/** A calendar date, "tisdag 8 december 2026"; `brief`: "8 dec. 2026". */
export function day(date, brief = false) {
  if (!date) return '';
  const d = new Date(date + 'T12:00:00Z');
  const options = brief ? { day: 'numeric', month: 'short', year: 'numeric' } : { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' };
  return format('UTC', options).format(d);
}

/** "8 dec." for a chart's axis. */
export function dayMonth(date) {
  return format('UTC', { day: 'numeric', month: 'short' }).format(new Date(date + 'T12:00:00Z'));
}

/** A month, "december 2026". */
export function month(yyyymm) {
  return format('UTC', { month: 'long', year: 'numeric' }).format(new Date(yyyymm + '-15T12:00:00Z'));
}

/** Whole minutes as "1 h 30 min". */
export function minutesText(n) {
  const hours = Math.floor(n / 60);
  const rest = n % 60;
  return [hours ? `${hours} h` : '', rest || !hours ? `${rest} min` : ''].filter(Boolean).join(' ');
}
