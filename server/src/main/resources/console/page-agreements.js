// Remote-work agreements for a manager: those waiting for a decision as cards (approve, or reject
// with a comment), one opened in full with its history, and the decided and active ones, which
// can be ended with notice. HR reads the same views without the decisions (page-hr.js).

import { api, download, localProblem } from './api.js';
import { h, field, facts, table, empty, notice, form, button, outlet, confirm, tabs } from './dom.js';
import { t, label, codes } from './i18n.js';
import { reload, zone } from './session.js';
import { day, when, short, today, addDays } from './time.js';

export async function render(rest) {
  const [first] = (rest || '').split('/');
  if (first && !codes('agreementStatus').includes(first)) return detail(first, { base: '#/agreements', decide: true });
  return list(first || 'SUBMITTED', { base: '#/agreements', decide: true });
}

const LISTED = ['SUBMITTED', 'APPROVED', 'ACTIVE', 'TERMINATED', 'REJECTED', 'EXPIRED', 'WITHDRAWN'];

const period = (a) => `${day(a.validFrom, true)} – ${day(a.validTo, true)}`;
const weekdays = (a) => (a.weekdays.length ? a.weekdays.map((d) => label('weekday', d)).join(', ') : a.sharePercent ? t('sharePercent', a.sharePercent) : t('noneGiven'));
const places = (a) => (a.places.length ? a.places.map((p) => [label('placeType', p.type), p.hubName || p.description].filter(Boolean).join(': ')).join('; ') : t('noneGiven'));

/** The agreements with one status, as cards; `decide` lets a manager approve or reject on the card. */
export async function list(status, how) {
  const page = await api.get('/remote-agreements?status=' + status + '&limit=100');
  const heading = status === 'SUBMITTED' ? t('agreementsToDecide', page.counts.SUBMITTED || 0) : t('agreementsTitle');
  const statusTabs = tabs(t('agreementStatusMenu'), LISTED.map((s) => [s, `${label('agreementStatus', s)} (${page.counts[s] || 0})`, `${how.base}/${s}`]), status);
  return [h('h1', {}, heading), statusTabs,
    page.items.length ? h('div', { class: 'cards', id: 'agreement-cards' }, page.items.map((a) => card(a, how))) : empty(t('noAgreements'))];
}

function card(a, how) {
  const out = outlet();
  const comment = h('textarea', { maxlength: 2000, rows: 2 });
  const decision = how.decide && a.status === 'SUBMITTED' ? [
    field('comment-' + a.id, t('decisionComment'), comment, t('decisionCommentHelp')),
    h('div', { class: 'actions' },
      button({ class: 'primary', 'data-approve': a.id }, t('approve'), out, () => decide(a, 'approve', comment.value)),
      button({ class: 'danger', 'data-reject': a.id }, t('reject'), out, () => decide(a, 'reject', comment.value))),
    out] : null;
  return h('section', { class: 'card agreement', 'data-agreement': a.id, 'data-status': a.status, 'aria-labelledby': 'agreement-' + a.id },
    h('h2', { id: 'agreement-' + a.id }, a.employee.name, ' ', h('span', { class: 'badge' }, label('agreementStatus', a.status))),
    facts([
      [t('unit'), a.unit ? a.unit.name : null],
      [t('period'), period(a)],
      [t('weekdays'), weekdays(a)],
      [t('places'), places(a)],
      [t('submittedAt'), a.submittedAt ? short(a.submittedAt, zone()) : null],
      [t('endsEarly'), a.termination ? day(a.termination.endsOn) : null],
    ]),
    h('p', {}, h('a', { href: `${how.base}/${a.id}`, 'data-open': a.id }, t('openAgreement', a.employee.name))),
    decision);
}

async function decide(a, how, comment) {
  const text = comment.trim();
  if (how === 'reject' && !text) throw localProblem('comment-required', '');
  await api.post(`/remote-agreements/${a.id}/${how}`, text ? { comment: text } : {});
  reload();
  return null;
}

/** One agreement in full: its terms, checklist and history; a manager decides or ends it here. */
export async function detail(id, how) {
  const a = await api.get('/remote-agreements/' + id);
  const out = outlet();
  const parts = [h('h1', {}, t('agreementOf', a.employee.name)),
    h('p', {}, h('a', { href: how.base }, t('backToList'))),
    h('section', { class: 'card', id: 'agreement-detail', 'data-status': a.status },
      h('h2', {}, label('agreementStatus', a.status)),
      facts([
        [t('employee'), a.employee.name],
        [t('unit'), a.unit ? a.unit.name : null],
        [t('period'), period(a)],
        [t('weekdays'), weekdays(a)],
        [t('places'), places(a)],
        [t('tasks'), a.tasks],
        [t('workingHours'), a.workingHours],
        [t('reachability'), a.reachability],
        [t('equipment'), a.equipment],
        [t('reviewDate'), a.reviewDate ? day(a.reviewDate) : null],
        [t('noticeDays'), t('days', a.noticeDays)],
        [t('employeeComment'), a.employeeComment],
        [t('managerComment'), a.managerComment],
        [t('approver'), a.approver ? a.approver.name : null],
        [t('decidedAt'), a.decidedAt ? when(a.decidedAt, zone()) : null],
        [t('endsEarly'), a.termination ? `${day(a.termination.endsOn)} (${a.termination.reason})` : null],
      ]),
      h('h3', {}, t('checklist')),
      h('ul', { class: 'checklist' }, codes('checklist').map((k) => h('li', {}, a.checklist[k] ? '✓ ' : '✗ ', label('checklist', k), ': ',
        a.checklist[k] ? t('confirmed') : t('notConfirmed'))))),
  ];
  if (how.decide && a.status === 'SUBMITTED') {
    const comment = h('textarea', { maxlength: 2000, rows: 3 });
    parts.push(h('section', { class: 'card' }, h('h2', {}, t('decision')),
      field('decision-comment', t('decisionComment'), comment, t('decisionCommentHelp')),
      h('div', { class: 'actions' },
        button({ class: 'primary', id: 'approve' }, t('approve'), out, () => decide(a, 'approve', comment.value)),
        button({ class: 'danger', id: 'reject' }, t('reject'), out, () => decide(a, 'reject', comment.value))), out));
  }
  if (how.decide && ['APPROVED', 'ACTIVE'].includes(a.status) && !a.termination) parts.push(terminate(a));
  if (['APPROVED', 'ACTIVE', 'TERMINATED', 'EXPIRED'].includes(a.status)) {
    const dl = outlet();
    parts.push(h('section', { class: 'card' }, h('h2', {}, t('document')),
      button({ id: 'agreement-pdf' }, t('downloadPdf'), dl, async () => {
        await download(`/remote-agreements/${a.id}/document`, 'application/pdf', `overenskommelse-${a.validFrom}.pdf`);
        return null;
      }), how.decide ? h('p', { class: 'help' }, t('renewByEmployee')) : null, dl));
  }
  if (a.history?.length) {
    parts.push(h('section', { class: 'card' }, h('h2', {}, t('history')), table([
      [t('when'), (e) => short(e.at, zone())],
      [t('change'), (e) => (e.from ? `${label('agreementStatus', e.from)} → ${label('agreementStatus', e.to)}` : label('agreementStatus', e.to))],
      [t('who'), (e) => (e.by ? e.by.name : t('theService'))],
      [t('comment'), (e) => e.comment || '–'],
    ], a.history, { id: 'agreement-history' })));
  }
  return parts;
}

function terminate(a) {
  const out = outlet();
  const earliest = addDays(today(zone()), a.noticeDays);
  const endDate = h('input', { type: 'date', min: earliest, max: addDays(a.validTo, -1), required: true });
  const reason = h('textarea', { maxlength: 1000, rows: 2, required: true });
  return form({ class: 'card', id: 'terminate-form', novalidate: true }, out, async () => {
    if (!endDate.value || !reason.value.trim()) throw localProblem('terminate-incomplete', '');
    const yes = await confirm({ id: 'confirm-terminate', title: t('terminateConfirmTitle'), yes: t('terminate'),
      body: [h('p', {}, t('terminateConfirmBody', a.employee.name, day(endDate.value)))] });
    if (!yes) return null;
    await api.post(`/remote-agreements/${a.id}/terminate`, { endDate: endDate.value, reason: reason.value.trim() });
    reload();
    return notice(t('terminated'));
  }, h('h2', {}, t('terminateTitle')),
  h('p', { class: 'help' }, t('terminateHelp', a.noticeDays, day(earliest))),
  field('terminate-date', t('endDate'), endDate), field('terminate-reason', t('reason'), reason),
  h('button', { class: 'danger', type: 'submit', id: 'terminate' }, t('terminate')), out);
}
