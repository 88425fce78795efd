// Signing in: dev login with the demo people (dev profile), or the organisation's identity
// provider with the authorization code flow and PKCE, done in the browser; the token stays in memory.

import { api, ApiError } from './api.js';
import { h, field, form, outlet, notice } from './dom.js';
import { t, label } from './i18n.js';
import { session } from './session.js';

export async function signIn(token) {
  session.token = token;
  try {
    session.me = await api.get('/me');
  } catch (e) {
    session.token = null;
    throw e;
  }
  session.flash = null;
}

const redirectUri = () => location.origin + '/console';
const b64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

async function oidcStart() {
  const o = session.config.oidc;
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const stateParam = b64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem('tjm.pkce', JSON.stringify({ verifier, state: stateParam }));
  const url = new URL(o.authorizationEndpoint);
  url.search = new URLSearchParams({ response_type: 'code', client_id: o.clientId, redirect_uri: redirectUri(), scope: o.scope,
    code_challenge: challenge, code_challenge_method: 'S256', state: stateParam }).toString();
  location.assign(url.toString());
}

/** The identity provider sent the person back with a code: exchange it for a token. */
export async function oidcFinish(params) {
  const saved = JSON.parse(sessionStorage.getItem('tjm.pkce') || '{}');
  sessionStorage.removeItem('tjm.pkce');
  history.replaceState(null, '', '/console');
  if (!saved.verifier || saved.state !== params.get('state')) {
    throw new ApiError(400, { type: 'urn:tjanstemobil:console:sign-in-mismatch', title: '', detail: '' });
  }
  const o = session.config.oidc;
  const res = await fetch(o.tokenEndpoint, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: params.get('code'), redirect_uri: redirectUri(),
      client_id: o.clientId, code_verifier: saved.verifier }) });
  const answer = await res.json();
  if (!res.ok) {
    throw new ApiError(res.status, { type: 'urn:tjanstemobil:console:sign-in-refused', title: '', detail: answer.error_description || answer.error || '' });
  }
  await signIn(answer.access_token);
}

export function render(done) {
  const out = outlet();
  const cfg = session.config || {};
  const parts = [h('h1', {}, t('signInTitle'))];
  if (session.flash) parts.push(notice(t('signedOut')));
  if (cfg.oidc) {
    parts.push(h('section', { class: 'card' }, h('button', { class: 'primary', type: 'button', id: 'oidc',
      onclick: () => oidcStart() }, t('signInOidc'))));
  }
  if (cfg.devLogin) {
    const devLogin = async (externalId) => {
      const r = await api.post('/auth/dev-login', { externalId });
      await signIn(r.accessToken);
      done();
    };
    const input = h('input', { type: 'text', autocomplete: 'off', required: true });
    parts.push(h('section', { class: 'card' }, h('h2', {}, t('demoPeople')),
      h('ul', { class: 'people' }, (cfg.people || []).map((p) => h('li', {}, form({}, out, () => devLogin(p.externalId),
        h('button', { class: 'secondary', type: 'submit', 'data-external-id': p.externalId },
          `${p.name} (${p.role ? label('role', p.role) : t('employeeRole')})`))))),
      form({ id: 'login-form' }, out, () => devLogin(input.value.trim()),
        field('login-external-id', t('externalId'), input),
        h('button', { class: 'primary', type: 'submit', id: 'login-submit' }, t('signIn')))));
  }
  parts.push(out);
  return parts;
}
