// The audit log (ADMIN): who did what, newest first, with the action's label, the actor's name
// and the entry's details in words; filters by action and dates (the organisation's zone) and paging.

import { api, query } from './api.js';
import { h, field, form, outlet, table, empty, select } from './dom.js';
import { t, label, codes, hasLabel } from './i18n.js';
import { go, zone } from './session.js';
import { short, fromLocalInput, addDays } from './time.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function render(rest) {
  const [action = '', from = '', to = '', cursor = ''] = (rest || '').split('/');
  const valid = (d) => /^\d{4}-\d\d-\d\d$/.test(d);
  const filter = {
    action: codes('auditAction').includes(action) ? action : '',
    from: valid(from) ? fromLocalInput(from + 'T00:00', zone()) : '',
    to: valid(to) ? fromLocalInput(addDays(to, 1) + 'T00:00', zone()) : '',
  };
  const page = await api.get('/admin/audit' + query({ ...filter, limit: 50, cursor: cursor ? decodeURIComponent(cursor) : '' }));
  const actionPick = select([['', t('allActions')], ...codes('auditAction').map((a) => [a, label('auditAction', a)])], filter.action);
  const fromInput = h('input', { type: 'date', value: valid(from) ? from : '' });
  const toInput = h('input', { type: 'date', value: valid(to) ? to : '' });
  const here = (c) => `#/admin/audit/${actionPick.value}/${fromInput.value}/${toInput.value}${c ? '/' + encodeURIComponent(c) : ''}`;
  return [h('h1', {}, t('navAudit')),
    form({ class: 'card row', id: 'audit-filter' }, outlet(), () => go(here()),
      field('audit-action', t('action'), actionPick), field('audit-from', t('from'), fromInput), field('audit-to', t('to'), toInput),
      h('button', { class: 'secondary', type: 'submit' }, t('show'))),
    page.items.length ? table([
      [t('when'), (a) => short(a.at, zone())],
      [t('action'), (a) => label('auditAction', a.action)],
      [t('who'), (a) => (a.actor ? a.actor.name : t('theService'))],
      [t('object'), (a) => [label('auditObject', a.objectType), a.objectId && !UUID.test(a.objectId) ? a.objectId : ''].filter(Boolean).join(' ')],
      [t('details'), (a) => details(a.details || {})],
    ], page.items, { id: 'audit' }) : empty(t('noAudit')),
    page.nextCursor ? h('p', {}, h('a', { href: here(page.nextCursor), id: 'audit-next' }, t('nextPage'))) : null,
    cursor ? h('p', {}, h('a', { href: here('') }, t('firstPage'))) : null];
}

/** An entry's details in words: known keys by their label, codes by theirs, ids left out. */
function details(d) {
  const items = Object.entries(d).map(([k, v]) => [k, value(k, v)]).filter(([, v]) => v !== '');
  return items.length ? h('ul', { class: 'details' }, items.map(([k, v]) => h('li', {}, hasLabel('auditDetail', k) ? label('auditDetail', k) + ': ' : '', v))) : '–';
}

function value(key, v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? t('yes') : t('no');
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.map((x) => value(key, x)).filter(Boolean).join(', ');
  if (typeof v === 'object') {
    if (v.start && v.end) return `${short(v.start, zone())} – ${short(v.end, zone())}`;
    return Object.entries(v).map(([k, x]) => [k, value(k, x)]).filter(([, x]) => x !== '')
      .map(([k, x]) => (hasLabel('auditDetail', k) ? `${label('auditDetail', k)} ${x}` : x)).join(', ');
  }
  const s = String(v);
  if (UUID.test(s)) return '';
  for (const table of ['role', 'retireReason', 'hubField', 'auditProof', 'roleSource']) {
    if (hasLabel(table, s)) return label(table, s);
  }
  return s;
}
