// HR's follow-up: the after-hours report per unit and month (chart, table, CSV) with a unit
// picker, and the remote-work agreements (list, one in full, and the overview per unit).

import { api, download, query } from './api.js';
import { h, field, form, outlet, table, empty, select, button, tabs, naturally } from './dom.js';
import { t } from './i18n.js';
import { session, go } from './session.js';
import { barChart } from './chart.js';
import { today, month as monthText, day } from './time.js';
import * as agreements from './page-agreements.js';

export async function render(rest) {
  const [tab, a, b] = (rest || '').split('/');
  const menu = tabs(t('hrMenu'), [['after-hours', t('afterHoursTab'), '#/hr/after-hours'], ['agreements', t('agreementsTab'), '#/hr/agreements']],
    tab === 'agreements' ? 'agreements' : 'after-hours');
  if (tab === 'agreements') {
    const how = { base: '#/hr/agreements', decide: false };
    const page = a && !/^[A-Z]+$/.test(a) ? await agreements.detail(a, how) : [...(await overview()), ...(await agreements.list(a || 'ACTIVE', how))];
    return [h('h1', {}, t('navHr')), menu, ...demote(page)];
  }
  return [h('h1', {}, t('navHr')), menu, ...(await afterHours(a, b))];
}

/** Sub-pages keep one h1 (the page's); their own headings move down a level. */
function demote(nodes) {
  return nodes.map((n) => {
    if (n.tagName !== 'H1') return n;
    return h('h2', { class: 'subtitle' }, ...n.childNodes);
  });
}

/** The units to pick from: the whole organisation, its top units, and the chosen one's subunits. */
async function unitChoices(chosen) {
  const options = [['', t('wholeOrganisation')]];
  if (!session.me.unit) return options;
  const own = await api.get('/org/units/' + session.me.unit.id).catch(() => null);
  if (!own) return options;
  const rootId = own.path.length ? own.path[0].id : own.id;
  const root = rootId === own.id ? own : await api.get('/org/units/' + rootId);
  options.push([root.id, root.name], ...naturally(root.subunits).map((s) => [s.id, '– ' + s.name]));
  if (chosen && !options.some(([id]) => id === chosen)) {
    const unit = await api.get('/org/units/' + chosen);
    options.push([unit.id, unit.path.map((p) => p.name).concat(unit.name).join(' › ')]);
  }
  if (chosen && chosen !== root.id) {
    const unit = await api.get('/org/units/' + chosen);
    options.push(...naturally(unit.subunits).map((s) => [s.id, `${unit.name} › ${s.name}`]));
  }
  return options;
}

async function afterHours(monthParam, unitParam) {
  const month = /^\d{4}-\d\d$/.test(monthParam || '') ? monthParam : today(session.me.timeZone).slice(0, 7);
  const unitId = /^[0-9a-f-]{36}$/i.test(unitParam || '') ? unitParam : '';
  const path = '/reports/after-hours' + query({ month, unitId });
  const [report, choices] = await Promise.all([api.get(path), unitChoices(unitId)]);
  const picker = h('input', { type: 'month', value: month });
  const unit = select(choices, unitId);
  const out = outlet();
  const totals = report.totals || {};
  return [h('section', { class: 'card' },
    form({ class: 'row', id: 'report-form' }, out, () => go(`#/hr/after-hours/${picker.value}/${unit.value}`),
      field('hr-month', t('month'), picker), field('hr-unit', t('unit'), unit), h('button', { class: 'secondary', type: 'submit' }, t('show'))),
    h('h2', {}, t('afterHoursTitle', monthText(report.month))),
    h('p', { id: 'after-hours-totals' }, t('afterHoursTotals', totals.messages || 0, totals.held || 0, totals.breakThroughs || 0)),
    h('p', { class: 'help' }, t('afterHoursHelp', report.timeZone)),
    barChart('after-hours-chart', report.rows.map((r) => ({ label: r.sender.name.split(' ')[0], values: [r.held, r.breakThroughs] })),
      [t('heldCount'), t('breakThroughs')], t('afterHoursChart')),
    report.rows.length ? table([
      [t('unit'), (r) => (r.unit ? r.unit.name : t('noUnit'))],
      [t('sender'), (r) => r.sender.name],
      [t('messages'), (r) => String(r.messages)],
      [t('recipients'), (r) => String(r.recipients)],
      [t('heldCount'), (r) => String(r.held)],
      [t('breakThroughs'), (r) => String(r.breakThroughs)],
      [t('breakThroughMessages'), (r) => String(r.breakThroughMessages)],
    ], report.rows, { id: 'after-hours-table' }) : empty(t('noAfterHours')),
    button({ id: 'after-hours-csv' }, t('downloadCsv'), out, async () => {
      await download(path, 'text/csv', `utanfor-arbetstid-${month}.csv`);
      return null;
    }), out)];
}

async function overview() {
  const o = await api.get('/reports/remote-agreements');
  const out = outlet();
  return [h('section', { class: 'card', id: 'agreements-overview' }, h('h2', {}, t('agreementsOverview', day(o.date, true))),
    o.rows.length ? table([
      [t('unit'), (r) => r.unit.name],
      [t('inForce'), (r) => String(r.active)],
      [t('expiring'), (r) => String(r.expiringIn30Days)],
      [t('pending'), (r) => String(r.pending)],
    ], o.rows, { id: 'overview-table' }) : empty(t('noOverview')),
    button({ id: 'overview-csv' }, t('downloadCsv'), out, async () => {
      await download('/reports/remote-agreements', 'text/csv', 'overenskommelser.csv');
      return null;
    }), out)];
}
