// Small DOM helpers: elements from calls (no innerHTML anywhere), labelled fields, tables that
// stack on a phone, a confirmation dialog, and submitting(): the one try/catch every action needs.

import { t, problemText } from './i18n.js';

/** h('p', {class: 'x', onclick: f}, 'text', child): null, undefined and false children are left out. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'value' && 'value' in el) el.value = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** A label and its input; `help` is read out with the input (aria-describedby). */
export function field(id, label, input, help) {
  input.id = id;
  const parts = [h('label', { for: id }, label), input];
  if (help) {
    input.setAttribute('aria-describedby', id + '-help');
    parts.push(h('p', { class: 'help', id: id + '-help' }, help));
  }
  return h('div', { class: 'field' }, parts);
}

export function checkbox(id, label, attrs = {}) {
  const input = h('input', { type: 'checkbox', id, ...attrs });
  return { input, label: h('label', { class: 'inline', for: id }, input, label) };
}

export function select(options, value, attrs = {}) {
  return h('select', attrs, options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
}

export const empty = (text) => h('p', { class: 'empty' }, text || t('none'));

export const notice = (...text) => h('div', { class: 'notice', role: 'status' }, ...text);

export function problemBox(e) {
  const p = problemText(e);
  return h('div', { class: 'problem', role: 'alert' }, h('strong', {}, p.title), p.detail ? h('span', {}, p.detail) : null,
    p.items.length ? h('ul', {}, p.items.map((x) => h('li', {}, x))) : null);
}

/**
 * A table whose rows become cards on a narrow screen: each cell carries its column's name.
 * columns: [[heading, row => cell content]].
 */
export function table(columns, rows, attrs = {}) {
  return h('div', { class: 'table' }, h('table', attrs,
    h('thead', {}, h('tr', {}, columns.map(([head]) => h('th', { scope: 'col' }, head)))),
    h('tbody', {}, rows.map((r) => h('tr', r.rowAttrs || {}, columns.map(([head, cell]) => h('td', { 'data-label': head }, cell(r))))))));
}

/** Facts as a definition list, leaving out those without a value. */
export function facts(pairs, attrs = {}) {
  const shown = pairs.filter(([, v]) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && !v.length));
  return h('dl', { class: 'facts', ...attrs }, shown.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

/** Names sorted as a person would: "Skrivbord 2" before "Skrivbord 10". */
const collator = new Intl.Collator('sv', { numeric: true, sensitivity: 'base' });
export const byName = (a, b) => collator.compare(a.name, b.name);
export const naturally = (list) => [...list].sort(byName);

/**
 * Asks before a change that cannot be taken back. Resolves true when confirmed. The dialog is
 * modal: focus moves into it, Escape cancels, and focus returns where it was.
 */
export function confirm({ title, body = [], yes, danger = true, id = 'confirm' }) {
  return new Promise((resolve) => {
    const before = document.activeElement;
    const done = (answer) => {
      dialog.close();
      dialog.remove();
      if (before && before.focus) before.focus();
      resolve(answer);
    };
    const dialog = h('dialog', { id, 'aria-labelledby': id + '-title', class: 'confirm', oncancel: (ev) => { ev.preventDefault(); done(false); } },
      h('h2', { id: id + '-title' }, title), body,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: danger ? 'danger' : 'primary', id: id + '-yes', onclick: () => done(true) }, yes),
        h('button', { type: 'button', class: 'secondary', id: id + '-no', onclick: () => done(false) }, t('cancelAction'))));
    document.body.append(dialog);
    dialog.showModal();
    dialog.querySelector('#' + id + '-no').focus();
  });
}

/**
 * Runs an action started from a form or button: the button is disabled meanwhile, a refusal is
 * shown in `out`, and success gets `out` cleared (or the notice the action returns).
 */
export async function submitting(button, out, action) {
  if (button) button.disabled = true;
  out.replaceChildren(h('p', { class: 'loading', role: 'status' }, t('working')));
  try {
    const result = await action();
    out.replaceChildren(...(result instanceof Node ? [result] : []));
    return result;
  } catch (e) {
    out.replaceChildren(problemBox(e));
    return undefined;
  } finally {
    if (button && button.isConnected) button.disabled = false;
  }
}

/** A form whose submit runs `action` through submitting(). */
export function form(attrs, out, action, ...children) {
  return h('form', { ...attrs, novalidate: attrs.novalidate, onsubmit: (ev) => {
    ev.preventDefault();
    submitting(ev.submitter || ev.target.querySelector('[type=submit]'), out, () => action(ev));
  } }, ...children);
}

/** A button whose click runs `action` through submitting(). */
export function button(attrs, label, out, action) {
  return h('button', { type: 'button', class: 'secondary', ...attrs, onclick: (ev) => submitting(ev.currentTarget, out, action) }, label);
}

/** The live region an action reports into. */
export const outlet = (attrs = {}) => h('div', { 'aria-live': 'polite', class: 'outlet', ...attrs });

/** Tabs within a page (links, so each is its own address). */
export function tabs(label, items, current) {
  return h('nav', { class: 'tabs', 'aria-label': label }, items.map(([key, text, href]) =>
    h('a', { href, 'aria-current': key === current ? 'page' : null }, text)));
}
