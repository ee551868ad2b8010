// hubsync's dashboard (docs/dashboard.md): one page, drawn from /ui/api/* answers. Every value from the
// server is written with textContent (never innerHTML), so nothing stored in the database runs as
// HTML. The session cookie is HttpOnly: this script only holds the session's CSRF token, in memory,
// and sends it as X-CSRF-Token with every POST.
'use strict';

const REFRESH_MS = 3000;
let csrf = null;
let timer = null;
let drawing = 0;

// ---- small DOM helpers -------------------------------------------------------------------------

/** An element with attributes and children; strings become text nodes. */
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'text') e.textContent = String(v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function show(...nodes) {
  const main = document.getElementById('main');
  main.replaceChildren(...nodes);
}

function say(text, kind) {
  const m = document.getElementById('message');
  m.textContent = text || '';
  m.className = kind || '';
}

function table(headers, rows, id) {
  return el('table', { id: id },
    el('thead', {}, el('tr', {}, headers.map(h => el('th', {}, h)))),
    el('tbody', {}, rows));
}

function ago(iso) {
  if (!iso) return '—';
  const s = Math.round((Date.now() - Date.parse(iso)) / 1000);
  if (Math.abs(s) < 2) return 'now';
  return s >= 0 ? duration(s) + ' ago' : 'in ' + duration(-s);
}

function duration(s) {
  if (s === null || s === undefined) return '—';
  if (s < 120) return s + ' s';
  if (s < 7200) return Math.round(s / 60) + ' min';
  if (s < 172800) return Math.round(s / 3600) + ' h';
  return Math.round(s / 86400) + ' d';
}

function num(n) {
  return n === null || n === undefined ? '—' : Number(n).toLocaleString('en');
}

// ---- the server --------------------------------------------------------------------------------

class Refused extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : 'HTTP ' + status);
    this.status = status;
  }
}

async function api(method, path, body) {
  const headers = { 'Accept': 'application/json' };
  if (method !== 'GET') {
    headers['X-CSRF-Token'] = csrf || '';
    headers['Content-Type'] = 'application/json';
  }
  const res = await fetch(path, {
    method: method, headers: headers, credentials: 'same-origin', cache: 'no-store',
    body: method === 'GET' ? undefined : JSON.stringify(body || {}),
  });
  const data = await res.json().catch(() => null);
  if (res.status === 401) {
    signedOut('Your session ended: sign in again.');
    throw new Refused(401, data);
  }
  if (!res.ok) throw new Refused(res.status, data);
  return data;
}

// ---- sign in and out ---------------------------------------------------------------------------

function signedOut(why) {
  csrf = null;
  stopRefresh();
  document.getElementById('nav').hidden = true;
  const key = el('input', { type: 'password', id: 'admin-key', autocomplete: 'current-password', size: 48,
    placeholder: 'server.api-key' });
  const form = el('form', { id: 'sign-in-form', onsubmit: async ev => {
    ev.preventDefault();
    try {
      await api('POST', '/ui/api/sign-in', { key: key.value });
      key.value = '';
      await start();
    } catch (e) {
      say(e.message, 'error');
    }
  } },
  el('h1', {}, 'Sign in'),
  el('p', {}, 'The admin key (server.api-key) of this hubsync.'),
  el('label', { for: 'admin-key' }, 'Admin key '), key, ' ',
  el('button', { type: 'submit', id: 'sign-in' }, 'Sign in'));
  show(form);
  say(why || '', why ? 'error' : '');
  key.focus();
}

async function start() {
  const s = await api('GET', '/ui/api/session');
  if (!s.signedIn) {
    signedOut();
    return;
  }
  csrf = s.csrf;
  document.getElementById('nav').hidden = false;
  say('');
  route();
}

async function signOut() {
  try {
    await api('POST', '/ui/api/sign-out');
  } finally {
    location.hash = '';
    signedOut('Signed out.');
  }
}

// ---- views -------------------------------------------------------------------------------------

function stopRefresh() {
  if (timer) clearInterval(timer);
  timer = null;
}

/** Draws the view the address names, and again every few seconds (pages stay live while work runs). */
function route() {
  if (!csrf) return;
  stopRefresh();
  const hash = location.hash || '#/connections';
  let draw;
  if (hash.startsWith('#/connection/')) {
    const name = decodeURIComponent(hash.slice('#/connection/'.length));
    draw = () => connectionView(name);
  } else if (hash === '#/notices') {
    draw = noticesView;
  } else if (hash === '#/add') {
    addView();
    return;
  } else {
    draw = connectionsView;
  }
  const run = async () => {
    const mine = ++drawing;
    try {
      const nodes = await draw();
      // a newer draw (another view) started meanwhile: this one's answer is stale
      if (mine === drawing && csrf) show(...nodes);
    } catch (e) {
      if (e.status !== 401) say(e.message, 'error');
    }
  };
  run();
  timer = setInterval(run, REFRESH_MS);
}

function statusBadge(status) {
  return el('span', { class: 'badge ' + String(status || '').toLowerCase() }, status || '—');
}

function lastRunText(r) {
  if (!r) return '—';
  return r.result + (r.objectType ? ' (' + r.objectType + ', ' : ' (') + ago(r.finishedAt || r.startedAt) + ')';
}

async function connectionsView() {
  const list = await api('GET', '/ui/api/connections');
  const rows = list.map(c => el('tr', { 'data-connection': c.name },
    el('td', {}, el('a', { href: '#/connection/' + encodeURIComponent(c.name), class: 'connection-link' }, c.name)),
    el('td', { class: 'status' }, statusBadge(c.status)),
    el('td', {}, c.authType === 'OAUTH' ? 'OAuth' : 'private app'),
    el('td', {}, c.portalId === null ? '—' : String(c.portalId)),
    el('td', {}, c.rateLimit || 'default'),
    el('td', { class: 'last-run' }, lastRunText(c.lastRun)),
    el('td', {}, c.nextRun ? ago(c.nextRun) : '—'),
    el('td', { class: 'records' }, c.types.map(t => el('div', {}, t.objectType + ': ' + num(t.records)))),
    el('td', {}, c.types.map(t => el('div', {}, t.objectType + ': ' + duration(t.lagSeconds)))),
    el('td', {}, num(c.throttledToday)),
    el('td', {}, c.breaker),
    el('td', { class: 'reauth' }, c.needsReauth ? 'yes' : 'no')));
  return [el('h1', {}, 'Connections'),
    list.length === 0 ? el('p', {}, 'No connections yet: ', el('a', { href: '#/add' }, 'add a portal'), '.')
      : table(['Name', 'Status', 'Auth', 'Portal', 'Tier', 'Last run', 'Next run', 'Records', 'Lag', "429s today",
        'Breaker', 'Needs reauth'], rows, 'connections')];
}

/** A button that asks first: "Pause acme?" with Yes / Cancel in place. */
function confirmButton(label, id, question, action) {
  const box = el('span', { class: 'confirm' });
  const button = el('button', { type: 'button', id: id, onclick: () => {
    box.replaceChildren(el('span', {}, question + ' '),
      el('button', { type: 'button', id: id + '-yes', class: 'danger', onclick: async () => {
        stopRefresh();
        try {
          await action();
        } catch (e) {
          say(e.message, 'error');
        }
        route();
      } }, 'Yes, ' + label.toLowerCase()),
      el('button', { type: 'button', id: id + '-cancel', onclick: () => route() }, 'Cancel'));
    // a confirmation waits for the person: no refresh redraws it away
    stopRefresh();
  } }, label);
  box.append(button);
  return box;
}

async function connectionView(name) {
  const path = '/ui/api/connections/' + encodeURIComponent(name);
  const [c, runs] = await Promise.all([api('GET', path), api('GET', path + '/runs?limit=20')]);
  const act = what => api('POST', path + '/' + what);
  // verify compares records of one type (the owners are read in full each time, nothing to compare)
  const verifiable = c.types.map(t => t.objectType).filter(t => t !== 'owners');
  const firstType = verifiable.length ? verifiable[0] : 'contacts';
  const verifyButton = (id, label, type) => el('button', { type: 'button', id: id, onclick: async () => {
    try {
      await act('verify?type=' + encodeURIComponent(type));
      say('Verify of ' + type + ' in ' + name + ' started.');
    } catch (e) {
      say(e.message, 'error');
    }
  } }, label);
  const actions = el('p', { class: 'actions' },
    c.status === 'PAUSED' || c.status === 'NEEDS_REAUTH'
      ? confirmButton('Resume', 'resume', 'Resume ' + name + '?', async () => { await act('resume'); say('Resumed ' + name + '.'); })
      : confirmButton('Pause', 'pause', 'Pause ' + name + '?', async () => { await act('pause'); say('Paused ' + name + '.'); }),
    ' ',
    confirmButton('Delete', 'delete', 'Delete ' + name + ' (its records stay)?', async () => {
      await act('delete');
      say('Deleted ' + name + '.');
      location.hash = '#/connections';
    }),
    ' ',
    verifyButton('verify-now', 'Verify now', firstType));
  const progress = new Map(c.running.map(p => [p.objectType, p]));
  const typeRows = c.types.map(t => {
    const p = progress.get(t.objectType);
    let shown = '—';
    if (p) {
      shown = num(p.done) + (p.expectedTotal ? ' of ~' + num(p.expectedTotal) : '') + ' records, ' + num(p.perSecond) + '/s'
        + (p.leftSeconds !== null ? ', ~' + duration(p.leftSeconds) + ' left' : '');
    } else if (t.phase === 'INITIAL') {
      shown = num(t.records) + ' records so far';
    }
    return el('tr', { 'data-type': t.objectType },
      el('td', {}, t.objectType), el('td', { class: 'phase' }, t.phase || '—'),
      el('td', { class: 'progress' }, shown), el('td', { class: 'records' }, num(t.records)),
      el('td', {}, duration(t.lagSeconds)), el('td', {}, lastRunText(t.lastRun)), el('td', {}, num(t.errors24h)),
      el('td', {}, verifiable.includes(t.objectType) ? verifyButton('verify-' + t.objectType, 'Verify', t.objectType) : ''));
  });
  // runs under way here whose type has no checkpoint row yet
  for (const p of c.running) {
    if (!c.types.some(t => t.objectType === p.objectType)) {
      typeRows.push(el('tr', { 'data-type': p.objectType }, el('td', {}, p.objectType), el('td', { class: 'phase' }, p.phase),
        el('td', { class: 'progress' }, num(p.done) + ' records'), el('td', {}, '—'), el('td', {}, '—'), el('td', {}, 'running'),
        el('td', {}, '0'), el('td', {}, '')));
    }
  }
  const runRows = runs.results.map(r => el('tr', {},
    el('td', {}, String(r.id)), el('td', {}, r.objectType), el('td', {}, r.phase), el('td', {}, ago(r.startedAt)),
    el('td', {}, r.success === null ? 'running' : r.success ? 'ok' : 'failed'),
    el('td', {}, num(r.added)), el('td', {}, num(r.updated)), el('td', {}, num(r.deleted)), el('td', {}, num(r.unchanged)),
    el('td', { class: 'error' }, r.error || ''), el('td', {}, r.node || '')));
  const noticeRows = c.notices.map(n => el('tr', {},
    el('td', {}, n.event), el('td', {}, statusBadge(n.status)), el('td', {}, String(n.attempts)),
    el('td', {}, ago(n.createdAt)), el('td', { class: 'error' }, n.lastError || '')));
  const v = c.verify;
  const verifyText = !v ? 'No verify run on this node yet.'
    : v.state === 'running' ? 'Running since ' + ago(v.startedAt) + ' (' + v.objectType + ').'
      : v.state === 'failed' ? 'Failed ' + ago(v.finishedAt) + ': ' + v.error
        : (v.state === 'ok' ? 'No drift' : 'Drift found') + ' in ' + v.objectType + ', ' + ago(v.finishedAt) + ': '
          + num(v.checked) + ' checked, ' + num(v.missing) + ' missing, ' + num(v.stale) + ' stale, ' + num(v.extra)
          + ' extra, ' + num(v.associationDrift) + ' association rows differ.';
  return [
    el('p', {}, el('a', { href: '#/connections' }, '← Connections')),
    el('h1', {}, name, ' ', statusBadge(c.status)),
    el('dl', { class: 'facts' },
      el('dt', {}, 'Auth'), el('dd', {}, c.authType === 'OAUTH' ? 'OAuth' : 'private app'),
      el('dt', {}, 'Portal'), el('dd', {}, c.portalId === null ? '—' : String(c.portalId)),
      el('dt', {}, 'Tier'), el('dd', {}, c.rateLimit || 'default'),
      el('dt', {}, 'Status reason'), el('dd', { id: 'status-reason' }, c.statusReason || '—'),
      el('dt', {}, 'Next run'), el('dd', {}, c.nextRun ? ago(c.nextRun) : '—'),
      el('dt', {}, 'Breaker'), el('dd', {}, c.breaker),
      el('dt', {}, "429s today"), el('dd', {}, num(c.throttledToday)),
      el('dt', {}, 'Webhook inbox'), el('dd', { id: 'inbox-depth' }, num(c.inboxDepth) + ' waiting'),
      el('dt', {}, 'Needs reauth'), el('dd', {}, c.needsReauth ? 'yes' : 'no')),
    actions,
    el('h2', {}, 'Object types'),
    table(['Type', 'Phase', 'Progress', 'Records', 'Lag', 'Last run', 'Failed runs (24 h)', ''], typeRows, 'types'),
    el('h2', {}, 'Last verify'),
    el('p', { id: 'verify-result' }, verifyText),
    el('h2', {}, 'Runs'),
    table(['Run', 'Type', 'Phase', 'Started', 'Result', 'Added', 'Updated', 'Deleted', 'Unchanged', 'Error', 'Node'],
      runRows, 'runs'),
    el('h2', {}, 'Notices'),
    noticeRows.length ? table(['Event', 'Status', 'Attempts', 'Created', 'Last error'], noticeRows, 'connection-notices')
      : el('p', {}, 'No notices.'),
  ];
}

async function noticesView() {
  const list = await api('GET', '/ui/api/notices?limit=100');
  const rows = list.map(n => el('tr', { 'data-notice': n.id },
    el('td', {}, n.connection), el('td', {}, n.event), el('td', { class: 'status' }, statusBadge(n.status)),
    el('td', {}, String(n.attempts)), el('td', {}, ago(n.createdAt)), el('td', { class: 'error' }, n.lastError || ''),
    el('td', {}, n.status === 'DEAD' ? el('button', { type: 'button', class: 'resend', onclick: async () => {
      try {
        await api('POST', '/ui/api/notices/' + encodeURIComponent(n.id) + '/resend');
        say('Notice ' + n.id + ' will be sent again.');
        route();
      } catch (e) {
        say(e.message, 'error');
      }
    } }, 'Resend') : '')));
  const dead = list.filter(n => n.status === 'DEAD').length;
  return [el('h1', {}, 'Notices'), el('p', { id: 'dead-count' }, dead + ' dead of the newest ' + list.length + '.'),
    list.length ? table(['Connection', 'Event', 'Status', 'Attempts', 'Created', 'Last error', ''], rows, 'notices')
      : el('p', {}, 'No notices.')];
}

function addView() {
  const name = el('input', { id: 'new-name', required: true, size: 24, placeholder: 'acme' });
  const token = el('input', { id: 'new-token', type: 'password', size: 48, autocomplete: 'off',
    placeholder: 'pat-na1-…' });
  const tier = el('select', { id: 'new-tier' }, ['', 'starter', 'professional', 'enterprise', 'pack', 'oauth']
    .map(t => el('option', { value: t }, t || 'default')));
  const linkOut = el('p', { id: 'connect-link' });
  const privateApp = el('form', { id: 'add-form', onsubmit: async ev => {
    ev.preventDefault();
    try {
      const body = { name: name.value.trim(), token: token.value };
      if (tier.value) body.rateLimit = tier.value;
      const added = await api('POST', '/ui/api/connections', body);
      token.value = '';
      say('Added ' + added.name + '.');
      location.hash = '#/connection/' + encodeURIComponent(added.name);
    } catch (e) {
      say(e.message, 'error');
    }
  } },
  el('h2', {}, 'Private-app token'),
  el('p', {}, el('label', { for: 'new-name' }, 'Name '), name),
  el('p', {}, el('label', { for: 'new-token' }, 'Token '), token),
  el('p', {}, el('label', { for: 'new-tier' }, 'HubSpot tier '), tier),
  el('button', { type: 'submit', id: 'add' }, 'Add'));
  const linkName = el('input', { id: 'link-name', size: 24, placeholder: 'acme' });
  const oauth = el('form', { id: 'link-form', onsubmit: async ev => {
    ev.preventDefault();
    try {
      const link = await api('POST', '/ui/api/connections/' + encodeURIComponent(linkName.value.trim()) + '/connect-link', {});
      linkOut.replaceChildren('Send this link to the portal\'s admin (valid until ' + link.expiresAt + '): ',
        el('code', {}, link.url));
    } catch (e) {
      say(e.message, 'error');
    }
  } },
  el('h2', {}, 'OAuth install'),
  el('p', {}, 'A signed link that installs hubsync\'s HubSpot app for a new connection.'),
  el('p', {}, el('label', { for: 'link-name' }, 'Name '), linkName),
  el('button', { type: 'submit', id: 'make-link' }, 'Make a connect link'), linkOut);
  show(el('h1', {}, 'Add a portal'), privateApp, oauth);
}

window.addEventListener('hashchange', () => { say(''); route(); });
document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('sign-out').addEventListener('click', signOut);
  start().catch(e => say(e.message, 'error'));
});
