// A hub's settings: opening hours edited per weekday (the whole week is always sent, since the
// API replaces the list: a day nobody touched keeps its hours), with a warning listing the
// bookings a change leaves outside the hours and the choice to cancel them (their bookers are
// told); the booking rules with labels and help; and the resources, in natural order.

import { api, localProblem } from './api.js';
import { h, field, form, outlet, table, empty, notice, confirm, select, checkbox, naturally } from './dom.js';
import { t, label, codes } from './i18n.js';
import { reload } from './session.js';
import { WEEKDAYS, short, clock } from './time.js';

const RULES = {
  bookingHorizonDays: [1, 365],
  minBookingMinutes: [5, 1440],
  maxBookingMinutes: [5, 1440],
  maxBookingsPerDay: [1, 20],
  checkInOpensMinutesBefore: [0, 240],
  checkInClosesMinutesAfter: [5, 240],
  waitlistOfferHoldMinutes: [5, 240],
};

export async function render(hub) {
  return [openingHours(hub), rules(hub), resources(hub)];
}

const text = (intervals) => (intervals.length ? intervals.map((i) => `${i.start}–${i.end}`).join(', ') : t('closed'));
const same = (a, b) => text(a) === text(b);

function openingHours(hub) {
  const out = outlet();
  const days = Object.fromEntries(WEEKDAYS.map((d) => [d, hub.openingHours.filter((o) => o.day === d)]));
  const editors = Object.fromEntries(WEEKDAYS.map((d) => [d, dayEditor(d, days[d])]));
  const save = async () => {
    const wanted = Object.fromEntries(WEEKDAYS.map((d) => [d, editors[d].value()]));
    const changed = WEEKDAYS.filter((d) => !same(days[d], wanted[d]));
    if (!changed.length) return notice(t('noChanges'));
    const openingHours = WEEKDAYS.flatMap((d) => wanted[d].map((i) => ({ day: d, ...i })));
    // The server says which live bookings the new week leaves outside; the same PATCH cancels them
    // and tells each booker, in one transaction.
    const outside = (await api.post(`/hubs/${hub.id}/opening-hours/preview`, { openingHours })).bookings;
    const cancel = checkbox('hours-cancel-outside', t('cancelOutside', outside.length));
    const yes = await confirm({ id: 'confirm-hours', title: t('hoursConfirmTitle'), yes: t('saveHours'), danger: outside.length > 0,
      body: [h('ul', { id: 'hours-changes' }, changed.map((d) => h('li', {}, `${label('weekday', d)}: ${text(days[d])} → ${text(wanted[d])}`))),
        outside.length ? [h('p', { id: 'hours-outside' }, t('bookingsOutside', outside.length, hub.rules.bookingHorizonDays)),
          h('ul', {}, outside.slice(0, 12).map((b) => h('li', {}, `${b.booker.name} · ${b.resource.name} · ${short(b.start, hub.timeZone)}–${clock(b.end, hub.timeZone)}`))),
          outside.length > 12 ? h('p', {}, t('andMore', outside.length - 12)) : null, cancel.label]
          : h('p', {}, t('noBookingsOutside'))] });
    if (!yes) return null;
    if (outside.length && !cancel.input.checked) return notice(t('hoursNotSavedKeep', outside.length));
    const saved = await api.patch(`/hubs/${hub.id}`, outside.length
      ? { openingHours, cancelAffected: true, reason: t('cancelledByHoursReason') }
      : { openingHours });
    const cancelled = saved.cancelledBookings;
    hub.openingHours = WEEKDAYS.flatMap((d) => wanted[d].map((i) => ({ day: d, ...i })));
    Object.assign(days, wanted);
    return notice(t('hoursSaved'), cancelled ? ' ' + t('bookingsCancelled', cancelled) : '');
  };
  return form({ class: 'card', id: 'hours-form', novalidate: true }, out, save,
    h('h2', {}, t('openingHours')),
    h('p', { class: 'help' }, t('openingHoursHelp', hub.timeZone)),
    h('div', { class: 'week' }, WEEKDAYS.map((d) => editors[d].node)),
    h('button', { class: 'primary', type: 'submit', id: 'hours-save' }, t('saveHours')), out);
}

/** One weekday: its intervals (an end before the start runs past midnight), or closed. */
function dayEditor(d, intervals) {
  const list = h('div', { class: 'intervals' });
  const rows = [];
  const draw = () => {
    list.replaceChildren(...(rows.length ? rows.map((r) => r.node) : [h('p', { class: 'closed-day' }, t('closed'))]));
  };
  const add = (i) => {
    const n = rows.length + 1;
    const start = h('input', { type: 'time', value: i.start, required: true, 'aria-label': t('opensAt', n, label('weekday', d)) });
    const end = h('input', { type: 'time', value: i.end, required: true, 'aria-label': t('closesAt', n, label('weekday', d)) });
    const row = { start, end };
    row.node = h('div', { class: 'interval' }, start, h('span', { 'aria-hidden': 'true' }, '–'), end,
      h('button', { type: 'button', class: 'link', 'aria-label': t('removeHours', n, label('weekday', d)), onclick: () => {
        rows.splice(rows.indexOf(row), 1);
        draw();
      } }, t('remove')));
    rows.push(row);
    draw();
  };
  intervals.forEach(add);
  draw();
  const node = h('fieldset', { class: 'weekday', 'data-day': d }, h('legend', {}, label('weekday', d)), list,
    h('button', { type: 'button', class: 'link', 'data-add-hours': d, onclick: () => add({ start: '08:00', end: '17:00' }) }, t('addHours', label('weekday', d))));
  const value = () => rows.map((r) => {
    if (!/^\d\d:\d\d$/.test(r.start.value) || !/^\d\d:\d\d$/.test(r.end.value)) throw localProblem('hours-incomplete', label('weekday', d));
    return { start: r.start.value, end: r.end.value };
  });
  return { node, value };
}

function rules(hub) {
  const out = outlet();
  const inputs = Object.fromEntries(Object.entries(RULES).map(([k, [min, max]]) => [k, h('input', { type: 'number', value: hub.rules[k], min, max, required: true })]));
  return form({ class: 'card', id: 'rules-form', novalidate: true }, out, async () => {
    const body = {};
    for (const [k, i] of Object.entries(inputs)) {
      const n = Number(i.value);
      if (!Number.isInteger(n) || n < RULES[k][0] || n > RULES[k][1]) throw localProblem('rule-out-of-range', `${label('rule', k)}: ${RULES[k][0]}–${RULES[k][1]}`);
      body[k] = n;
    }
    await api.patch(`/hubs/${hub.id}`, { rules: body });
    Object.assign(hub.rules, body);
    return notice(t('rulesSaved'));
  }, h('h2', {}, t('rules')),
  h('div', { class: 'rules' }, Object.entries(inputs).map(([k, i]) => field('rule-' + k, label('rule', k), i, t('ruleHelp.' + k)))),
  h('button', { class: 'primary', type: 'submit', id: 'rules-save' }, t('saveRules')), out);
}

function resources(hub) {
  const out = outlet();
  const kind = select(codes('resourceKind').map((k) => [k, label('resourceKind', k)]), 'DESK');
  const name = h('input', { type: 'text', maxlength: 100, required: true });
  const capacity = h('input', { type: 'number', min: 1, max: 500, value: 1 });
  const features = codes('feature').map((f) => ({ f, box: checkbox('feature-' + f, label('feature', f)) }));
  return h('section', { class: 'card' }, h('h2', {}, t('resources')),
    hub.resources.length ? table([
      [t('name'), (r) => r.name],
      [t('kind'), (r) => label('resourceKind', r.kind)],
      [t('capacity'), (r) => String(r.capacity)],
      [t('features'), (r) => (r.features.length ? r.features.map((f) => label('feature', f)).join(', ') : '–')],
      [t('status'), (r) => (r.active ? t('inUse') : t('outOfUse'))],
    ], naturally(hub.resources), { id: 'resources' }) : empty(t('noResources')),
    form({ id: 'resource-form', novalidate: true }, out, async () => {
      if (!name.value.trim()) throw localProblem('name-required', '');
      await api.post(`/hubs/${hub.id}/resources`, { kind: kind.value, name: name.value.trim(), capacity: Number(capacity.value) || 1,
        features: features.filter((x) => x.box.input.checked).map((x) => x.f) });
      reload();
      return null;
    }, h('h3', {}, t('addResource')),
    h('div', { class: 'row' }, field('resource-kind', t('kind'), kind), field('resource-name', t('name'), name), field('resource-capacity', t('capacity'), capacity)),
    h('fieldset', {}, h('legend', {}, t('features')), features.map((x) => x.box.label)),
    h('button', { class: 'secondary', type: 'submit', id: 'resource-add' }, t('addResource')), out));
}
