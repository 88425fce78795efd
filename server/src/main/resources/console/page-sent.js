// Messages I sent, and one message followed up: the figures, each person's state (held until,
// read, acknowledged) with filters and paging, a reminder, and cancelling what has not gone out.

import { api, query } from './api.js';
import { h, table, empty, notice, button, outlet, confirm, select, field, facts } from './dom.js';
import { t, label } from './i18n.js';
import { go, reload, zone } from './session.js';
import { when, short } from './time.js';

export async function render(rest) {
  const [id, filter, cursor] = (rest || '').split('/');
  return id ? message(id, filter || '', cursor ? decodeURIComponent(cursor) : undefined) : list();
}

async function list() {
  const page = await api.get('/messages?limit=50');
  return [h('h1', {}, t('navSent')),
    page.items.length ? table([
      [t('title'), (m) => h('a', { href: '#/sent/' + m.id }, m.title)],
      [t('sentAt'), (m) => short(m.sendAt, zone())],
      [t('category'), (m) => label('category', m.category)],
      [t('priority'), (m) => label('priority', m.priority)],
      [t('recipients'), (m) => String(m.recipients)],
      [t('status'), (m) => (m.cancelledAt ? t('cancelledAt', short(m.cancelledAt, zone())) : Date.parse(m.sendAt) > Date.now() ? t('scheduled') : t('sentStatus'))],
    ], page.items, { id: 'sent-messages' }) : empty(t('noneSent'))];
}

const FILTERS = ['', 'NOT_ACKNOWLEDGED', 'NOT_READ', 'NOT_DELIVERED'];

async function message(id, filter, cursor) {
  const m = await api.get('/messages/' + id);
  const s = m.stats;
  const recipients = await api.get(`/messages/${id}/recipients${query({ state: filter || undefined, limit: 50, cursor })}`);
  const out = outlet();
  const bar = (key, n, text) => h('div', { class: 'stat' },
    h('div', {}, text, ': ', h('span', { id: 'stat-' + key }, n), ` / ${s.recipients}`),
    h('div', { class: 'bar', role: 'img', 'aria-label': `${text} ${n} / ${s.recipients}` },
      h('span', { style: `width:${s.recipients ? Math.round((100 * n) / s.recipients) : 0}%` })));
  const pending = Math.max(0, s.recipients - s.delivered - s.held - (s.expired || 0));
  const filterPick = select(FILTERS.filter((f) => f !== 'NOT_ACKNOWLEDGED' || m.requiresAck)
    .map((f) => [f, f ? label('recipientFilter', f) : t('allRecipients')]), filter, { onchange: (ev) => go(`#/sent/${id}/${ev.target.value}`) });

  const remind = m.cancelledAt ? null : button({ id: 'remind' }, t('remind'), out, async () => {
    const r = await api.post(`/messages/${id}/remind`);
    return notice(t('reminded', r.reminded, r.devices), ' ', t('remindedHeldNote'));
  });
  const cancel = m.cancelledAt ? null : button({ id: 'cancel-message', class: 'danger' }, t('cancelMessage'), out, async () => {
    const yes = await confirm({ id: 'confirm-cancel', title: t('confirmCancelTitle'), body: [h('p', {}, t('confirmCancelBody'))], yes: t('cancelMessage') });
    if (!yes) return null;
    await api.post(`/messages/${id}/cancel`);
    reload();
    return null;
  });

  return [
    h('h1', {}, m.title),
    h('section', { class: 'card' }, h('p', { class: 'message-body' }, m.body),
      facts([
        [t('sentAt'), when(m.sendAt, zone())],
        [t('category'), label('category', m.category)],
        [t('priority'), label('priority', m.priority)],
        [t('urgentReason'), m.urgentReason],
        [t('requiresAck'), m.requiresAck ? t('yes') : t('noAckAsked')],
        [t('expiresAt'), m.expiresAt ? when(m.expiresAt, zone()) : null],
        [t('cancelled'), m.cancelledAt ? when(m.cancelledAt, zone()) : null],
      ])),
    h('section', { class: 'card', id: 'progress' }, h('h2', {}, t('progress')),
      bar('delivered', s.delivered, t('delivered')),
      bar('held', s.held, t('heldStat')),
      pending ? h('p', { class: 'help' }, t('pendingExplained', pending)) : null,
      s.expired ? bar('expired', s.expired, t('expiredStat')) : null,
      bar('read', s.read, t('read')),
      m.requiresAck ? bar('acknowledged', s.acknowledged, t('acknowledged')) : h('p', { id: 'no-ack' }, t('noAckAsked')),
      s.devicesFailed ? h('p', {}, t('devicesFailed', s.devicesFailed)) : null,
      h('div', { class: 'actions' }, remind, cancel), out),
    h('section', { class: 'card' }, h('h2', {}, t('perPerson')),
      h('div', { class: 'row' }, field('recipient-filter', t('show'), filterPick)),
      recipients.items.length ? table([
        [t('name'), (r) => r.employee.name],
        [t('unit'), (r) => r.unitName || t('noUnit')],
        [t('status'), (r) => h('span', { 'data-state': r.state }, label('recipientState', r.state))],
        [t('heldUntilColumn'), (r) => (r.state === 'HELD' ? (r.heldUntil ? short(r.heldUntil, zone()) : t('noWorkingTimeKnown')) : '–')],
        [t('read'), (r) => (r.readAt ? short(r.readAt, zone()) : '–')],
        [t('acknowledged'), (r) => (m.requiresAck ? (r.acknowledgedAt ? short(r.acknowledgedAt, zone()) : '–') : t('notAsked'))],
      ], recipients.items, { id: 'recipients' }) : empty(t('nobodyInFilter')),
      recipients.nextCursor ? h('p', {}, h('a', { href: `#/sent/${id}/${filter}/${encodeURIComponent(recipients.nextCursor)}` }, t('nextPage'))) : null,
      cursor ? h('p', {}, h('a', { href: `#/sent/${id}/${filter}` }, t('firstPage'))) : null),
  ];
}
