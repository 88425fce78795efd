// Crisis mode (stabsläge; ADMIN, CRISIS_LEAD): whether a crisis is declared, why, by whom and
// since when; declaring needs a reason, and both declaring and ending ask first. While it is on,
// every page shows a banner (console.js).

import { api, localProblem } from './api.js';
import { h, field, form, outlet, facts, confirm } from './dom.js';
import { t } from './i18n.js';
import { session, reload, zone } from './session.js';
import { when } from './time.js';

export async function render() {
  const c = await api.get('/admin/crisis-mode');
  session.crisis = c;
  const out = outlet();
  const reason = h('textarea', { maxlength: 1000, rows: 3, required: true });
  const state = h('section', { class: 'card', id: 'crisis-state', 'data-active': String(c.active) },
    h('h2', {}, c.active ? t('crisisOn') : t('crisisOff')),
    facts([
      [t('reason'), c.active ? c.reason : null],
      [c.active ? t('declaredBy') : t('endedBy'), c.changedBy ? c.changedBy.name : null],
      [c.active ? t('since') : t('endedAt'), c.changedAt ? when(c.changedAt, zone()) : null],
    ]),
    h('p', { class: 'help' }, t('crisisHelp')));
  const change = c.active
    ? form({ class: 'card', id: 'crisis-form' }, out, async () => {
      const yes = await confirm({ id: 'confirm-crisis', title: t('crisisEndTitle'), yes: t('crisisEnd'), danger: false, body: [h('p', {}, t('crisisEndBody'))] });
      if (!yes) return null;
      await api.put('/admin/crisis-mode', { active: false });
      reload();
      return null;
    }, h('button', { class: 'primary', type: 'submit', id: 'crisis-submit' }, t('crisisEnd')), out)
    : form({ class: 'card', id: 'crisis-form', novalidate: true }, out, async () => {
      if (!reason.value.trim()) throw localProblem('crisis-reason-missing', '');
      const yes = await confirm({ id: 'confirm-crisis', title: t('crisisDeclareTitle'), yes: t('crisisDeclare'),
        body: [h('p', {}, t('crisisDeclareBody')), h('p', {}, h('strong', {}, t('reason')), ': ', reason.value.trim())] });
      if (!yes) return null;
      await api.put('/admin/crisis-mode', { active: true, reason: reason.value.trim() });
      reload();
      return null;
    }, h('h2', {}, t('crisisDeclare')), field('crisis-reason', t('crisisReason'), reason, t('crisisReasonHelp')),
    h('button', { class: 'danger', type: 'submit', id: 'crisis-submit' }, t('crisisDeclare')), out);
  return [h('h1', {}, t('navCrisis')), state, change];
}
