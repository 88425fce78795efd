// Hubs for their administrators (and admins): the list, and one hub's day view, closures,
// occupancy and settings, each its own module.

import { api } from './api.js';
import { h, empty, tabs, naturally } from './dom.js';
import { t, label } from './i18n.js';
import { hasRole, scopes } from './session.js';
import * as day from './hub-day.js';
import * as closures from './hub-closures.js';
import * as occupancy from './hub-occupancy.js';
import * as settings from './hub-settings.js';

const TABS = { day, closures, occupancy, settings };

export async function render(rest) {
  const [id, tab, ...more] = (rest || '').split('/');
  if (!id) return list();
  const hub = await api.get('/hubs/' + id);
  hub.resources = naturally(hub.resources);
  const current = TABS[tab] ? tab : 'day';
  const menu = tabs(t('hubMenu', hub.name), Object.keys(TABS).map((k) => [k, t('hubTab.' + k), `#/hubs/${id}/${k}`]), current);
  return [h('h1', {}, hub.name),
    h('p', { class: 'hub-facts' }, [hub.address, hub.municipality, t('hubZone', hub.timeZone), label('ownerKind', hub.owner.kind) + ': ' + hub.owner.name]
      .filter(Boolean).join(' · ')),
    menu, ...(await TABS[current].render(hub, more))];
}

async function list() {
  const mine = hasRole('ADMIN') ? (await api.get('/hubs')).items : scopes('HUB_ADMIN').map((g) => ({ id: g.scopeId, name: g.scopeName }));
  return [h('h1', {}, t('navHubs')), mine.length ? h('ul', { id: 'hub-list' }, naturally(mine).map((x) => h('li', {},
    h('a', { href: `#/hubs/${x.id}/day` }, x.name), x.municipality ? ` · ${x.municipality}` : ''))) : empty(t('noHubs'))];
}
