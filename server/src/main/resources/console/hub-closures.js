// A hub's closures: the current and coming ones, and a new one, which first says which bookings
// it will cancel (their bookers are told with the reason) and asks before it does.

import { api, localProblem } from './api.js';
import { h, field, form, outlet, table, empty, button, confirm, select } from './dom.js';
import { t } from './i18n.js';
import { go, reload } from './session.js';
import { fromLocalInput, short, clock, today, addDays, dateOf } from './time.js';

const ACTIVE = ['BOOKED', 'CHECKED_IN', 'OFFERED'];
const MAX_DAYS_CHECKED = 62;

export async function render(hub) {
  const zone = hub.timeZone;
  const list = await api.get(`/hubs/${hub.id}/closures`);
  const out = outlet();
  const listOut = outlet();
  const resource = select([['', t('wholeHub')], ...hub.resources.map((r) => [r.id, r.name])], '');
  const start = h('input', { type: 'datetime-local', required: true });
  const end = h('input', { type: 'datetime-local', required: true });
  const reason = h('input', { type: 'text', maxlength: 500, required: true });

  const create = async () => {
    const body = { start: fromLocalInput(start.value, zone), end: fromLocalInput(end.value, zone), reason: reason.value.trim() };
    if (!body.start || !body.end || !body.reason) throw localProblem('closure-incomplete', '');
    if (Date.parse(body.end) <= Date.parse(body.start)) throw localProblem('end-before-start', '');
    if (resource.value) body.resourceId = resource.value;
    const hit = await bookingsHit(hub, body);
    const what = resource.value ? hub.resources.find((r) => r.id === resource.value).name : t('wholeHub');
    const yes = await confirm({ id: 'confirm-closure', title: t('closureConfirmTitle', what), yes: t('addClosure'),
      body: [h('p', {}, t('closureConfirmPeriod', short(body.start, zone), short(body.end, zone))),
        h('p', { id: 'closure-hits' }, hit.length ? t('closureCancels', hit.length) : t('closureCancelsNone')),
        hit.length ? h('ul', {}, hit.slice(0, 12).map((b) => h('li', {}, `${b.booker.name} · ${b.resource} · ${short(b.start, zone)}–${clock(b.end, zone)}`))) : null,
        hit.length > 12 ? h('p', {}, t('andMore', hit.length - 12)) : null] });
    if (!yes) return null;
    const c = await api.post(`/hubs/${hub.id}/closures`, body);
    go(`#/hubs/${hub.id}/day/${dateOf(c.start, zone)}`);
    return null;
  };

  return [
    h('section', { class: 'card' }, h('h2', {}, t('closuresTitle')), list.items.length ? table([
      [t('resource'), (c) => (c.resource ? c.resource.name : t('wholeHub'))],
      [t('start'), (c) => short(c.start, zone)],
      [t('end'), (c) => short(c.end, zone)],
      [t('reason'), (c) => c.reason],
      [t('cancelledBookings'), (c) => String(c.cancelledBookings)],
      ['', (c) => button({ 'aria-label': t('removeClosureOf', `${c.resource ? c.resource.name : t('wholeHub')} ${short(c.start, zone)}`) }, t('removeClosure'), listOut, async () => {
        const yes = await confirm({ id: 'confirm-reopen', title: t('reopenConfirmTitle'), body: [h('p', {}, t('reopenConfirmBody'))], yes: t('removeClosure') });
        if (!yes) return null;
        await api.del(`/hubs/${hub.id}/closures/${c.id}`);
        reload();
        return null;
      })],
    ], list.items, { id: 'closures' }) : empty(t('noClosures')), listOut),
    form({ class: 'card', id: 'closure-form', novalidate: true }, out, create,
      h('h2', {}, t('addClosure')),
      field('closure-resource', t('resource'), resource),
      h('div', { class: 'row' }, field('closure-start', t('start'), start), field('closure-end', t('end'), end)),
      h('p', { class: 'help' }, t('timesInZone', zone)),
      field('closure-reason', t('reason'), reason, t('closureReasonHelp')),
      h('button', { class: 'primary', type: 'submit', id: 'closure-submit' }, t('addClosure')), out),
  ];
}

/**
 * The active bookings a closure would cancel, read from the day views of the days it covers
 * (bookings exist only up to the hub's booking horizon).
 */
async function bookingsHit(hub, c) {
  const zone = hub.timeZone;
  let d = dateOf(c.start, zone);
  const first = today(zone);
  if (d < first) d = first;
  const last = [dateOf(c.end, zone), addDays(first, Math.min(hub.rules.bookingHorizonDays, MAX_DAYS_CHECKED))].sort()[0];
  const days = [];
  for (; d <= last && days.length <= MAX_DAYS_CHECKED; d = addDays(d, 1)) days.push(d);
  const views = await Promise.all(days.map((x) => api.get(`/hubs/${hub.id}/bookings?date=${x}`)));
  const from = Date.parse(c.start);
  const to = Date.parse(c.end);
  const seen = new Map();
  for (const v of views) {
    for (const r of v.resources) {
      if (c.resourceId && r.id !== c.resourceId) continue;
      for (const b of r.bookings) {
        if (ACTIVE.includes(b.status) && Date.parse(b.start) < to && Date.parse(b.end) > from) seen.set(b.id, { ...b, resource: r.name });
      }
    }
  }
  return [...seen.values()].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}
