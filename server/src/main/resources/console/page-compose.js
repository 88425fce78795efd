// A new message: to units, chosen people, everyone (communicators and crisis leads) or the people
// booked at a hub on a day (hub administrators). The preview is the API's own answer for the same
// body; URGENT asks for a confirmation naming how many are woken now.

import { api } from './api.js';
import { h, field, checkbox, select, form, outlet, confirm, naturally } from './dom.js';
import { t, label, codes } from './i18n.js';
import { session, scopes, hasRole, go, zone } from './session.js';
import { fromLocalInput, when } from './time.js';

const MAX_UNITS_SEARCHED = 40;

export async function render() {
  const managed = scopes('MANAGER');
  const units = await Promise.all(managed.map((g) => api.get('/org/units/' + g.scopeId)));
  const broadcaster = hasRole('COMMUNICATOR', 'CRISIS_LEAD');
  const mayUrgent = hasRole('CRISIS_LEAD') || managed.length > 0;
  const hubs = scopes('HUB_ADMIN');
  const key = crypto.randomUUID();
  const chosen = new Map();

  const title = h('input', { type: 'text', maxlength: 100, required: true });
  const body = h('textarea', { maxlength: 4000, required: true, rows: 6 });
  const category = select(codes('category').map((c) => [c, label('category', c)]), 'INFO');
  const priority = select(['NORMAL', ...(mayUrgent ? ['URGENT'] : [])].map((p) => [p, label('priority', p)]), 'NORMAL');
  const reason = h('input', { type: 'text', maxlength: 500 });
  const reasonField = field('compose-urgent-reason', t('urgentReason'), reason, t('urgentReasonHelp'));
  reasonField.hidden = true;
  const ack = checkbox('compose-ack', t('requiresAck'));
  const sendAt = h('input', { type: 'datetime-local' });
  const unitBoxes = units.map((u) => ({ u, pick: checkbox('unit-' + u.id, u.name, { 'data-unit': u.id }),
    subs: u.subunits.length ? checkbox('subs-' + u.id, t('includeSubunits'), { checked: true }) : null }));
  const everyone = broadcaster ? checkbox('compose-everyone', t('everyone')) : null;
  const hubPick = hubs.length ? select([['', t('noHub')], ...hubs.map((g) => [g.scopeId, g.scopeName])], '', { id: 'compose-hub' }) : null;
  const hubDate = hubs.length ? h('input', { type: 'date' }) : null;
  const people = units.length ? peoplePicker(units, chosen, () => refresh()) : null;
  const preview = h('div', { id: 'preview', 'aria-live': 'polite' });
  const out = outlet();

  const draft = (as) => {
    const audience = {
      units: unitBoxes.filter((b) => b.pick.input.checked).map((b) => ({ id: b.u.id, includeSubunits: b.subs ? b.subs.input.checked : false })),
    };
    if (chosen.size) audience.employees = [...chosen.keys()];
    if (everyone?.input.checked) audience.everyone = true;
    if (hubPick?.value && hubDate?.value) audience.hubs = [{ id: hubPick.value, date: hubDate.value }];
    const d = { title: title.value, body: body.value, category: category.value, priority: as || priority.value, requiresAck: ack.input.checked, audience };
    if (d.priority === 'URGENT') d.urgentReason = reason.value.trim();
    if (sendAt.value) d.sendAt = fromLocalInput(sendAt.value, zone());
    return d;
  };
  const hasAudience = (d) => d.audience.units.length || d.audience.employees || d.audience.everyone || d.audience.hubs;
  const ready = (d) => hasAudience(d) && d.title.trim() && d.body.trim() && (d.priority !== 'URGENT' || d.urgentReason);

  /** The API's consequence of the draft; for URGENT also how many of them are off duty now. */
  const consequenceOf = async (d) => {
    const c = await api.post('/messages/preview', d);
    if (d.priority !== 'URGENT') return { c, woken: 0 };
    const normal = await api.post('/messages/preview', { ...d, priority: 'NORMAL', urgentReason: undefined });
    return { c, woken: Math.max(0, c.reachableNow - normal.reachableNow) };
  };

  let timer = null;
  let asked = 0;
  function refresh() {
    clearTimeout(timer);
    reasonField.hidden = priority.value !== 'URGENT';
    reason.required = priority.value === 'URGENT';
    timer = setTimeout(async () => {
      const d = draft();
      const mine = ++asked;
      if (!ready(d)) {
        preview.replaceChildren(h('p', { class: 'empty' }, hasAudience(d) ? t('previewNeedsText') : t('noAudience')));
        return;
      }
      try {
        const r = await consequenceOf(d);
        if (mine === asked) preview.replaceChildren(consequence(r.c, r.woken, d));
      } catch (e) {
        if (mine === asked) preview.replaceChildren(h('p', { class: 'empty' }, t('previewUnavailable')));
      }
    }, 300);
  }

  const send = async () => {
    const d = draft();
    if (!ready(d)) {
      throw localIncomplete(d, hasAudience);
    }
    if (d.priority === 'URGENT') {
      const { c, woken } = await consequenceOf(d);
      const yes = await confirm({ id: 'confirm-urgent', title: t('urgentConfirmTitle'), yes: t('urgentConfirmYes'),
        body: [h('p', { id: 'urgent-woken' }, t('urgentConfirmWoken', woken, c.reachableNow)), h('p', {}, t('urgentConfirmLogged'))] });
      if (!yes) return null;
    }
    const r = await api.post('/messages', d, { idempotencyKey: key });
    go('#/sent/' + r.id);
    return null;
  };

  const audience = h('fieldset', {}, h('legend', {}, t('audience')),
    unitBoxes.map((b) => h('div', { class: 'unit-choice' }, b.pick.label, b.subs ? b.subs.label : null)),
    people,
    everyone ? everyone.label : null,
    hubPick ? h('div', { class: 'row' }, field('compose-hub', t('hubDay'), hubPick), field('compose-hub-date', t('date'), hubDate)) : null);

  const f = form({ class: 'card', id: 'compose-form', oninput: refresh, onchange: refresh, novalidate: true }, out, send,
    field('compose-title', t('title'), title),
    field('compose-body', t('body'), body, t('bodyHelp')),
    h('div', { class: 'row' }, field('compose-category', t('category'), category), field('compose-priority', t('priority'), priority)),
    reasonField,
    ack.label,
    field('compose-send-at', t('sendAt'), sendAt, t('sendAtHelp', zone())),
    audience,
    h('h2', {}, t('preview')), preview,
    h('button', { class: 'primary', type: 'submit', id: 'compose-send' }, t('send')), out);
  refresh();
  return [h('h1', {}, t('navCompose')), f];
}

function localIncomplete(d, hasAudience) {
  const missing = [];
  if (!d.title.trim()) missing.push(t('title'));
  if (!d.body.trim()) missing.push(t('body'));
  if (d.priority === 'URGENT' && !d.urgentReason) missing.push(t('urgentReason'));
  if (!hasAudience(d)) missing.push(t('audience'));
  const e = new Error('incomplete');
  e.problem = { type: 'urn:tjanstemobil:console:incomplete', title: '', detail: missing.join(', ') };
  return e;
}

function consequence(c, woken, d) {
  const heldTotal = c.held.reduce((n, g) => n + g.count, 0) + c.withoutWorkingTime;
  return h('div', {},
    h('p', { class: 'consequence' },
      h('span', { id: 'preview-recipients' }, c.recipients), ' ', t('recipientsWord', c.recipients), ' · ',
      h('span', { id: 'preview-now' }, c.reachableNow), ' ', t('reachedNowWord'), ' · ',
      h('span', { id: 'preview-held' }, heldTotal), ' ', t('heldWord'), ' · ',
      h('span', { id: 'preview-devices' }, c.devices), ' ', t('phonesWord', c.devices)),
    h('ul', { class: 'consequences' },
      d.sendAt ? h('li', {}, t('sendsAt', when(c.sendAt, zone()))) : null,
      d.priority === 'URGENT' ? h('li', { id: 'preview-woken' }, t('previewWoken', woken)) : null,
      c.held.map((g) => h('li', {}, t('heldUntil', g.count, when(g.until, zone())))),
      c.withoutWorkingTime ? h('li', {}, t('withoutWorkingTime', c.withoutWorkingTime)) : null));
}

/** Chosen people, found by name among the members of the units I manage and their subunits. */
function peoplePicker(units, chosen, changed) {
  let everyone = null;
  const load = async () => {
    if (everyone) return everyone;
    const subunitIds = units.flatMap((u) => u.subunits.map((s) => s.id)).slice(0, MAX_UNITS_SEARCHED);
    const subunits = await Promise.all(subunitIds.map((id) => api.get('/org/units/' + id).catch(() => null)));
    const all = new Map();
    for (const u of [...units, ...subunits.filter(Boolean)]) {
      for (const m of u.members) all.set(m.id, { id: m.id, name: m.name, unit: u.name });
    }
    everyone = naturally(all.values());
    return everyone;
  };
  const search = h('input', { type: 'search', autocomplete: 'off' });
  const found = h('ul', { class: 'found', id: 'people-found', 'aria-live': 'polite' });
  const picked = h('ul', { class: 'chosen', id: 'people-chosen' });
  const drawPicked = () => {
    picked.replaceChildren(...[...chosen.values()].map((p) => h('li', {}, `${p.name} (${p.unit}) `,
      h('button', { type: 'button', class: 'link', 'aria-label': t('removePerson', p.name), onclick: () => {
        chosen.delete(p.id);
        drawPicked();
        changed();
      } }, t('remove')))));
  };
  const find = async () => {
    const q = search.value.trim().toLocaleLowerCase('sv');
    if (q.length < 2) {
      found.replaceChildren();
      return;
    }
    const hits = (await load()).filter((p) => p.name.toLocaleLowerCase('sv').includes(q) && !chosen.has(p.id)).slice(0, 10);
    found.replaceChildren(...(hits.length ? hits.map((p) => h('li', {}, h('button', { type: 'button', class: 'secondary small', 'data-person': p.id,
      onclick: () => {
        chosen.set(p.id, p);
        search.value = '';
        found.replaceChildren();
        drawPicked();
        changed();
        search.focus();
      } }, t('addPerson', p.name), ` (${p.unit})`))) : [h('li', { class: 'empty' }, t('nobodyFound'))]));
  };
  search.addEventListener('input', (ev) => {
    ev.stopPropagation();
    find();
  });
  return h('div', { class: 'people-picker' }, field('compose-people', t('choosePeople'), search, t('choosePeopleHelp')), found,
    h('p', { class: 'sr-only' }, t('chosenPeople')), picked);
}
