// The organisation import (ADMIN): a JSON file from the HR system, and what the import did as a
// summary with a table of the rows it rejected.

import { api, localProblem } from './api.js';
import { h, field, form, outlet, table, facts } from './dom.js';
import { t, label } from './i18n.js';

export async function render() {
  const out = outlet({ id: 'import-result' });
  const file = h('input', { type: 'file', accept: 'application/json,.json', required: true });
  return [h('h1', {}, t('navImport')),
    form({ class: 'card', id: 'import-form', novalidate: true }, out, async () => {
      if (!file.files.length) throw localProblem('file-missing', '');
      let body;
      try {
        body = JSON.parse(await file.files[0].text());
      } catch (e) {
        throw localProblem('file-not-json', file.files[0].name);
      }
      return summary(await api.post('/admin/org/import', body));
    }, h('p', { class: 'help' }, t('importHelp')),
    field('import-file', t('importFile'), file),
    h('button', { class: 'primary', type: 'submit', id: 'import-submit' }, t('importRun'))),
    out];
}

function summary(r) {
  const n = (x) => String(x ?? 0);
  return h('section', { class: 'card', id: 'import-summary', role: 'status' },
    h('h2', {}, r.rejected.length ? t('importDoneWithRejects', r.rejected.length) : t('importDone')),
    h('div', { class: 'summary' },
      h('div', {}, h('h3', {}, t('importUnits')), facts([[t('created'), n(r.units.created)], [t('updated'), n(r.units.updated)], [t('unchanged'), n(r.units.unchanged)]], { id: 'import-units' })),
      h('div', {}, h('h3', {}, t('importEmployees')), facts([[t('created'), n(r.employees.created)], [t('updated'), n(r.employees.updated)],
        [t('unchanged'), n(r.employees.unchanged)], [t('moved'), n(r.employees.moved)], [t('left'), n(r.employees.left)]], { id: 'import-employees' })),
      h('div', {}, h('h3', {}, t('importGrants')), facts([[t('granted'), n(r.roleGrants.granted)], [t('revoked'), n(r.roleGrants.revoked)],
        [t('unchanged'), n(r.roleGrants.unchanged)]], { id: 'import-grants' }))),
    r.rejected.length ? [h('h3', {}, t('rejectedRows')), table([
      [t('section'), (x) => label('importSection', x.section)],
      [t('row'), (x) => String(x.index + 1)],
      [t('externalIdShort'), (x) => x.externalId || '–'],
      [t('reason'), (x) => x.reason],
    ], r.rejected, { id: 'rejected-rows' })] : null);
}
