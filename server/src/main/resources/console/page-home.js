// The start page: who I am, my roles with what they cover, and the pages I can use.

import { h, empty } from './dom.js';
import { t, label } from './i18n.js';
import { session } from './session.js';

export function render(pages) {
  const me = session.me;
  const scope = (r) => r.scopeName || (r.scopeType === 'ORGANISATION' ? t('wholeOrganisation') : '');
  return [
    h('h1', {}, t('welcome', me.name)),
    h('section', { class: 'card' }, h('h2', {}, t('myRoles')),
      me.roles.length ? h('ul', { id: 'my-roles' }, me.roles.map((r) => h('li', {}, label('role', r.role), scope(r) ? ` · ${scope(r)}` : '')))
        : empty(t('noRoles'))),
    h('section', { class: 'card' }, h('h2', {}, t('whatYouCanDo')),
      pages.length ? h('ul', { id: 'my-pages' }, pages.map((p) => h('li', {}, h('a', { href: '#/' + p.path }, t(p.key)), ' – ', t(p.key + 'Help'))))
        : empty(t('refused'))),
  ];
}
