// A hub's day: per resource (in natural order) its bookings and closures on a time line that
// spans the opening hours (and any booking outside them), in the hub's own zone. A hub
// administrator cancels a booking here, with a reason the booker is told.

import { api } from './api.js';
import { h, field, form, outlet, empty, naturally } from './dom.js';
import { t, label } from './i18n.js';
import { go, reload } from './session.js';
import { clock, day, today } from './time.js';

const HOUR = 3600000;
const ACTIVE = ['BOOKED', 'CHECKED_IN', 'OFFERED'];

export async function render(hub, [date]) {
  const zone = hub.timeZone;
  const d = /^\d{4}-\d\d-\d\d$/.test(date || '') ? date : today(zone);
  const v = await api.get(`/hubs/${hub.id}/bookings?date=${d}`);
  const out = outlet({ id: 'day-action' });
  const picker = h('input', { type: 'date', value: d });
  const dayStart = Date.parse(v.dayStart);
  const dayEnd = Date.parse(v.dayEnd);
  const times = [...v.open, ...v.resources.flatMap((r) => r.bookings)];
  let lo = Math.min(...times.map((x) => Date.parse(x.start)));
  let hi = Math.max(...times.map((x) => Date.parse(x.end)));
  if (!times.length) {
    lo = dayStart;
    hi = dayEnd;
  }
  lo = Math.max(dayStart, dayStart + Math.floor((lo - dayStart) / HOUR) * HOUR);
  hi = Math.min(dayEnd, dayStart + Math.ceil((hi - dayStart) / HOUR) * HOUR);
  const span = Math.max(HOUR, hi - lo);
  const pos = (iso) => Math.max(0, Math.min(100, (100 * (Date.parse(iso) - lo)) / span));
  const width = (a, b) => Math.max(1.5, pos(b) - pos(a));
  const interval = (x) => `${clock(x.start, zone)}–${clock(x.end, zone)}`;

  const rows = naturally(v.resources).map((r) => h('div', { class: 'resource-row', 'data-resource': r.id },
    h('h3', { class: 'resource-name' }, r.name, h('span', { class: 'kind' }, ' · ', label('resourceKind', r.kind))),
    h('div', { class: 'timeline', role: 'list', 'aria-label': r.name },
      r.closed.map((c) => h('div', { class: 'closed', role: 'listitem', style: `left:${pos(c.start)}%;width:${width(c.start, c.end)}%`, title: c.reason },
        h('span', { class: 'sr-only' }, t('closedInterval', interval(c), c.reason)))),
      r.bookings.map((b) => {
        const text = `${b.booker.name} ${interval(b)}, ${label('bookingStatus', b.status)}${b.cancelReason ? ' · ' + b.cancelReason : ''}`;
        const attrs = { role: 'listitem', class: 'block ' + b.status, 'data-booking': b.id, 'data-status': b.status,
          style: `left:${pos(b.start)}%;width:${width(b.start, b.end)}%`, title: text };
        return ACTIVE.includes(b.status)
          ? h('div', attrs, h('button', { type: 'button', 'aria-label': `${clock(b.start, zone)} ${b.booker.name}: ${t('cancelBookingOf', text)}`,
            onclick: () => cancelForm(b, interval(b), out) }, `${clock(b.start, zone)} ${b.booker.name}`))
          : h('div', attrs, h('span', { class: 'sr-only' }, text), h('span', { 'aria-hidden': 'true' }, `${clock(b.start, zone)} ${b.booker.name}`));
      }))));
  const scale = h('div', { class: 'timeline scale', 'aria-hidden': 'true' });
  const every = span > 12 * HOUR ? 3 : span > 6 * HOUR ? 2 : 1;
  for (let at = lo; at < hi; at += every * HOUR) {
    scale.append(h('span', { class: 'tick', style: `left:${(100 * (at - lo)) / span}%` }, clock(new Date(at).toISOString(), zone)));
  }
  const openText = v.open.length ? v.open.map(interval).join(', ') : t('closedAllDay');
  return [h('section', { class: 'card' },
    form({ class: 'row' }, outlet(), () => go(`#/hubs/${hub.id}/day/${picker.value}`),
      field('day-date', t('date'), picker), h('button', { class: 'secondary', type: 'submit' }, t('show'))),
    h('h2', {}, day(v.date)),
    h('p', { id: 'day-facts' }, t('openingHoursToday', openText), ' · ', v.hoursInDay !== 24 ? [t('hoursInDay', v.hoursInDay), ' · '] : null,
      t('bookingsCount'), ': ', h('span', { id: 'booking-count' }, v.bookingCount)),
    h('p', { class: 'legend' }, [['BOOKED', 'BOOKED'], ['CHECKED_IN', 'CHECKED_IN'], ['CANCELLED', 'CANCELLED']].map(([c, s]) =>
      [h('span', { class: 'swatch block ' + c, 'aria-hidden': 'true' }), label('bookingStatus', s), ' ']),
    h('span', { class: 'swatch closed', 'aria-hidden': 'true' }), t('closedLegend')),
    rows.length ? [scale, rows] : empty(t('noResources'))), out];
}

function cancelForm(b, interval, out) {
  const reason = h('input', { type: 'text', maxlength: 500, required: true });
  const result = outlet();
  out.replaceChildren(form({ class: 'card', id: 'cancel-form' }, result, async () => {
    if (!reason.value.trim()) {
      reason.focus();
      return null;
    }
    await api.del(`/bookings/${b.id}?reason=${encodeURIComponent(reason.value.trim())}`);
    reload();
    return null;
  }, h('h2', {}, t('cancelBookingTitle', b.booker.name, interval)),
  field('cancel-reason', t('cancelReason'), reason, t('cancelReasonHelp')),
  h('div', { class: 'actions' }, h('button', { class: 'danger', type: 'submit', id: 'cancel-booking' }, t('cancelBooking')),
    h('button', { class: 'secondary', type: 'button', onclick: () => out.replaceChildren() }, t('cancelAction'))), result));
  reason.focus();
}
