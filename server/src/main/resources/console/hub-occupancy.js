// How much a hub is used: per day (in the hub's zone) its utilisation and no-shows, as a chart and
// as a table, and the same as CSV.

import { api, download } from './api.js';
import { h, field, form, outlet, table, button } from './dom.js';
import { t, percent, number } from './i18n.js';
import { go } from './session.js';
import { barChart } from './chart.js';
import { addDays, today, day, dayMonth } from './time.js';

export async function render(hub, [from, to]) {
  const valid = (d) => /^\d{4}-\d\d-\d\d$/.test(d || '');
  const end = valid(to) ? to : today(hub.timeZone);
  const start = valid(from) ? from : addDays(end, -29);
  const o = await api.get(`/hubs/${hub.id}/occupancy?from=${start}&to=${end}`);
  const fromInput = h('input', { type: 'date', value: start });
  const toInput = h('input', { type: 'date', value: end });
  const out = outlet();
  const noShows = (d) => d.resources.reduce((n, r) => n + (r.noShows || 0), 0);
  return [h('section', { class: 'card' },
    form({ class: 'row' }, out, () => go(`#/hubs/${hub.id}/occupancy/${fromInput.value}/${toInput.value}`),
      field('occ-from', t('from'), fromInput), field('occ-to', t('to'), toInput),
      h('button', { class: 'secondary', type: 'submit' }, t('show'))),
    h('h2', {}, t('occupancyTitle', day(o.from, true), day(o.to, true))),
    h('p', { id: 'occupancy-totals' }, t('occupancyTotals', percent(o.totals.utilisation), number(o.totals.bookedHours), number(o.totals.openHours), o.totals.noShows, o.totals.waitlist)),
    barChart('occupancy-chart', o.days.map((d) => ({ label: dayMonth(d.date), values: [d.utilisation * 100, noShows(d)] })),
      [t('utilisationPercent'), t('noShows')], t('occupancyChart')),
    button({ id: 'occupancy-csv' }, t('downloadCsv'), out, async () => {
      await download(`/hubs/${hub.id}/occupancy?from=${o.from}&to=${o.to}`, 'text/csv', `belaggning-${o.from}-${o.to}.csv`);
      return null;
    }), out,
    h('details', {}, h('summary', {}, t('occupancyPerDay')), table([
      [t('date'), (d) => day(d.date, true)],
      [t('openHours'), (d) => number(d.openHours)],
      [t('bookedHours'), (d) => number(d.bookedHours)],
      [t('utilisation'), (d) => percent(d.utilisation)],
      [t('noShows'), (d) => String(noShows(d))],
      [t('waitlist'), (d) => String(d.waitlist)],
    ], o.days, { id: 'occupancy-table' })))];
}
