// The work-phone register (ADMIN): every phone with its holder's name, filters and paging, and
// retiring a phone (lost, replaced, returned, broken) after a confirmation.

import { api, query } from './api.js';
import { h, field, form, outlet, table, empty, select, button, confirm, checkbox } from './dom.js';
import { t, label, codes } from './i18n.js';
import { go, reload, zone } from './session.js';
import { short } from './time.js';

export async function render(rest) {
  const [status = '', stale = '', cursor = ''] = (rest || '').split('/');
  const filter = { status: codes('deviceStatus').includes(status) ? status : '', stale: stale === 'stale' ? 'true' : '' };
  const page = await api.get('/admin/devices' + query({ ...filter, limit: 50, cursor: cursor ? decodeURIComponent(cursor) : '' }));
  const out = outlet();
  const statusPick = select([['', t('allStatuses')], ...codes('deviceStatus').map((s) => [s, label('deviceStatus', s)])], filter.status);
  const staleBox = checkbox('devices-stale', t('onlyStale'), { checked: filter.stale === 'true' });
  const here = (c) => `#/admin/devices/${statusPick.value}/${staleBox.input.checked ? 'stale' : ''}${c ? '/' + encodeURIComponent(c) : ''}`;
  return [h('h1', {}, t('navDevices')),
    form({ class: 'card row', id: 'devices-filter' }, outlet(), () => go(here()),
      field('devices-status', t('status'), statusPick), staleBox.label, h('button', { class: 'secondary', type: 'submit' }, t('show'))),
    page.items.length ? table([
      [t('holder'), (d) => (d.employee ? `${d.employee.name} (${d.employee.externalId})` : t('unknownHolder'))],
      [t('phone'), (d) => [label('platform', d.platform), d.model, d.appVersion ? t('appVersion', d.appVersion) : ''].filter(Boolean).join(' · ')],
      [t('status'), (d) => [label('deviceStatus', d.status), d.retiredReason ? label('retireReason', d.retiredReason) : '',
        d.stale ? t('stale') : '', d.tokenDropped ? label('tokenDropped', d.tokenDropped) : ''].filter(Boolean).join(' · ')],
      [t('lastSeen'), (d) => short(d.lastSeenAt, zone())],
      [t('action'), (d) => (d.status === 'RETIRED' ? '–' : retire(d, out))],
    ], page.items, { id: 'devices' }) : empty(t('noDevices')),
    out,
    page.nextCursor ? h('p', {}, h('a', { href: here(page.nextCursor), id: 'devices-next' }, t('nextPage'))) : null,
    cursor ? h('p', {}, h('a', { href: here('') }, t('firstPage'))) : null];
}

function retire(d, out) {
  const who = d.employee ? d.employee.name : t('unknownHolder');
  const why = select(codes('retireReason').map((r) => [r, label('retireReason', r)]), 'LOST', { 'aria-label': t('retireReasonOf', who) });
  return h('div', { class: 'inline-action' }, why, button({ 'data-retire': d.id, 'aria-label': t('retireOf', who) }, t('retire'), out, async () => {
    const yes = await confirm({ id: 'confirm-retire', title: t('retireConfirmTitle'), yes: t('retire'),
      body: [h('p', {}, t('retireConfirmBody', who, [label('platform', d.platform), d.model].filter(Boolean).join(' '), label('retireReason', why.value)))] });
    if (!yes) return null;
    await api.post(`/admin/devices/${d.id}/retire`, { reason: why.value });
    reload();
    return null;
  }));
}
