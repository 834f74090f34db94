// The operators' console. Every text from the server is put in the page with textContent, never as
// HTML: residents' reports and operators' notes are hostile input.
'use strict';

const COLORS = { Minor: '#90caf9', Moderate: '#fff176', Severe: '#ffb74d', Extreme: '#ef5350' };
const state = { me: null, incidents: new Map(), selected: null, layers: new Map(), map: null, lastEvent: 0,
                sensorLayers: new Map(), areaLayers: new Map() };

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

async function api(method, path, body) {
  const headers = { 'Content-Type': 'application/json' };
  if (state.me && method !== 'GET') headers['X-CSRF-Token'] = state.me.csrfToken;
  const r = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined,
                                credentials: 'same-origin' });
  const text = await r.text();
  const json = text ? JSON.parse(text) : null;
  if (!r.ok) throw new Error((json && json.error) || r.statusText);
  return json;
}

async function start() {
  try {
    state.me = await api('GET', '/api/me');
    showConsole();
  } catch (e) {
    document.getElementById('login').hidden = false;
  }
}

document.getElementById('login-form').addEventListener('submit', async ev => {
  ev.preventDefault();
  try {
    state.me = await api('POST', '/api/login', {
      name: document.getElementById('login-name').value,
      password: document.getElementById('login-password').value });
    document.getElementById('login').hidden = true;
    showConsole();
  } catch (e) {
    document.getElementById('login-error').textContent = e.message;
  }
});

document.getElementById('logout').addEventListener('click', async () => {
  await api('POST', '/api/logout');
  location.reload();
});

async function showConsole() {
  document.getElementById('console').hidden = false;
  document.getElementById('who').textContent = state.me.name + ' (' + state.me.role.toLowerCase() + ')';
  state.map = L.map('map').setView([-22.93, -43.35], 11);
  state.map.on('moveend', () => render());
  // tiles where the network reaches OpenStreetMap; the incidents are drawn either way
  L.tileLayer('https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png',
              { attribution: '© OpenStreetMap contributors', maxZoom: 18 }).addTo(state.map);
  drawOutlines(state.map);
  for (const i of await api('GET', '/api/incidents')) take(i);
  try { showStage(await api('GET', '/api/stage')); } catch (e) { /* none published yet */ }
  render();
  live();
  setInterval(watchFeed, 1000);
  await sensors();
  setInterval(sensors, 15000);
  await pipeline();
  setInterval(pipeline, 10000);
  for (const r of (await api('GET', '/api/reports')).reverse()) addReport(r);
}

function live() {
  const source = new EventSource('/api/events');
  source.onopen = () => { state.lastEvent = Date.now(); setFeed(true); };
  source.onerror = () => setFeed(false);
  source.addEventListener('incident', m => {
    const i = JSON.parse(m.data);
    take(i);
    render();
    touch();
    if (i.incidentId === state.selected) select(i.incidentId);
  });
  source.addEventListener('stage', m => { showStage(JSON.parse(m.data)); touch(); });
  source.addEventListener('report', m => { addReport(JSON.parse(m.data)); touch(); });
  source.addEventListener('warning', m => { touch(); if (state.selected) select(state.selected); });
  source.addEventListener('pending', m => { touch(); if (state.selected) select(state.selected); });
}

function touch() { state.lastEvent = Date.now(); setFeed(true); }

// silence must never look like calm: the feed says how long it has been since it last spoke
function watchFeed() {
  const feed = document.getElementById('feed');
  if (feed.classList.contains('down')) return;
  const s = Math.round((Date.now() - state.lastEvent) / 1000);
  feed.textContent = 'live · last update ' + s + ' s ago';
}

// residents' reports: their words are shown as text, never as HTML
function addReport(r) {
  const list = document.getElementById('reports');
  if ([...list.children].some(li => li.dataset.id === r.reportId)) return;
  const li = el('li');
  li.dataset.id = r.reportId;
  li.append(el('strong', r.category + ' · ' + new Date(r.time).toLocaleTimeString() + ' '),
            el('span', r.text || '', 'report-text'));
  list.prepend(li);
  while (list.children.length > 100) list.lastChild.remove();
  document.getElementById('reports-count').textContent = String(list.children.length);
}

// the jobs' lag: growing lag or commits that stopped moving mean a stuck job or failing checkpoints
async function pipeline() {
  let groups;
  try { groups = await api('GET', '/api/health'); } catch (e) { return; }
  const box = document.getElementById('pipeline-health');
  const bad = groups.filter(g => !g.known || (g.lag > 0 && g.stalledSeconds > 60));
  box.className = 'feed ' + (bad.length ? 'down' : 'live');
  box.textContent = groups.map(g => g.group.replace('cityops-', '') + ' lag ' +
    (g.known ? g.lag + (g.lag > 0 && g.stalledSeconds > 60 ? ' (stuck ' + g.stalledSeconds + ' s)' : '')
             : '?')).join(' · ');
}

// sensors and their silence: a stale gauge is flagged on the map, in the header and in a list
async function sensors() {
  let list;
  try { list = await api('GET', '/api/sensors'); } catch (e) { return; }
  const silent = list.filter(s => s.stale);
  const health = document.getElementById('sensor-health');
  health.className = 'feed ' + (silent.length ? 'warn' : 'live');
  health.textContent = list.length + ' sensors · ' + silent.length + ' silent';
  document.getElementById('silent').hidden = silent.length === 0;
  document.getElementById('silent-list').replaceChildren(...silent.map(s => {
    const li = el('li', s.sensorId + ' · silent ' + Math.round(s.silentSeconds / 60) + ' min', 'stale');
    li.dataset.sensor = s.sensorId;
    return li;
  }));
  for (const s of list) {
    const old = state.sensorLayers.get(s.sensorId);
    if (old) old.remove();
    const m = L.circleMarker([s.location.lat, s.location.lon],
      { radius: 4, color: s.stale ? '#9e9e9e' : '#4fc3f7', fillOpacity: s.stale ? 0.2 : 0.8 });
    // an element, not a string: Leaflet would read a string as HTML
    m.bindTooltip(el('span', s.sensorId + (s.value ? ' · ' + s.value : '') + (s.stale ? ' · SILENT' : '')));
    m.addTo(state.map);
    state.sensorLayers.set(s.sensorId, m);
  }
  await areas();
}

// areas whose every sensor is silent: named in the header and a list, and outlined on the map
async function areas() {
  let list;
  try { list = await api('GET', '/api/areas'); } catch (e) { return; }
  const box = document.getElementById('area-health');
  box.hidden = list.length === 0; // no areas configured
  const blind = list.filter(a => a.status === 'NO_DATA');
  const partial = list.filter(a => a.status === 'PARTIAL');
  box.className = 'feed ' + (blind.length ? 'warn' : 'live');
  box.textContent = blind.length
    ? blind.length + (blind.length === 1 ? ' area' : ' areas') + ' with no data'
    : 'every area reporting' + (partial.length ? ' (' + partial.length + ' partly)' : '');
  document.getElementById('blind').hidden = blind.length === 0;
  document.getElementById('blind-list').replaceChildren(...blind.map(a => {
    const li = el('li', a.name + ' · no data for ' + Math.round(a.silentSeconds / 60) + ' min · '
      + a.silent + (a.silent === 1 ? ' sensor' : ' sensors') + ' silent', 'stale');
    li.dataset.area = a.areaId;
    return li;
  }));
  const blindNames = new Set(blind.map(a => a.name));
  for (const [name, layer] of state.areaLayers) {
    layer.setStyle(blindNames.has(name)
      ? { color: '#e65100', weight: 3, dashArray: '6 4', fill: true, fillOpacity: 0.12 }
      : { color: '#b0b0b0', weight: 1, dashArray: null, fill: false });
  }
}

function setFeed(up) {
  const feed = document.getElementById('feed');
  feed.className = 'feed ' + (up ? 'live' : 'down');
  feed.textContent = up ? 'live' : 'NO LIVE DATA — reconnecting';
}

const STAGES = ['normal', 'mobilisation', 'attention', 'alert', 'crisis'];

function showStage(s) {
  const e = document.getElementById('stage');
  e.className = 'stage stage-' + s.stage;
  e.textContent = 'Stage ' + s.stage + ' · ' + STAGES[s.stage - 1] + ' · ' + s.activeIncidents + ' active';
  e.title = s.reason;
}

function take(i) {
  const open = i.status === 'ACTIVE_UNACK' || i.status === 'ACTIVE_ACK' || i.status === 'CLEARED_UNACK';
  const layer = state.layers.get(i.incidentId);
  if (layer) { layer.remove(); state.layers.delete(i.incidentId); }
  if (!open) { state.incidents.delete(i.incidentId); return; }
  state.incidents.set(i.incidentId, i);
  const style = { color: COLORS[i.severity], weight: 2, fillOpacity: 0.15 };
  // an incident that covers places (a hotspot's neighbourhoods) is drawn as their outline
  const c = i.area.outline && i.area.outline.length
    ? L.polygon(i.area.outline.map(r => r.points.map(p => [p.lat, p.lon])), style)
    : L.circle([i.area.center.lat, i.area.center.lon], Object.assign({ radius: i.area.radiusM }, style));
  c.on('click', () => select(i.incidentId));
  c.addTo(state.map);
  state.layers.set(i.incidentId, c);
}

const ORDER = { Extreme: 0, Severe: 1, Moderate: 2, Minor: 3 };

function render() {
  const kind = document.getElementById('filter-kind');
  const kinds = new Set([...state.incidents.values()].map(i => i.type));
  for (const k of kinds) {
    if (![...kind.options].some(o => o.value === k)) kind.appendChild(new Option(k, k));
  }
  const body = document.querySelector('#queue tbody');
  body.replaceChildren();
  const rows = [...state.incidents.values()]
    .filter(i => !kind.value || i.type === kind.value)
    .filter(i => !document.getElementById('filter-area').checked ||
                 state.map.getBounds().contains([i.area.center.lat, i.area.center.lon]))
    .sort((a, b) => ORDER[a.severity] - ORDER[b.severity] || a.openedAt.localeCompare(b.openedAt));
  for (const i of rows) {
    const tr = el('tr');
    tr.dataset.id = i.incidentId;
    if (i.incidentId === state.selected) tr.className = 'sel';
    tr.append(el('td', i.severity, 'sev-' + i.severity), el('td', i.type),
              el('td', i.area.zone || (i.area.center.lat.toFixed(3) + ', ' + i.area.center.lon.toFixed(3))),
              el('td', i.status), el('td', new Date(i.openedAt).toLocaleString()));
    tr.addEventListener('click', () => select(i.incidentId));
    body.appendChild(tr);
  }
}
document.getElementById('filter-kind').addEventListener('change', render);
document.getElementById('filter-area').addEventListener('change', render);

async function select(id) {
  state.selected = id;
  render();
  const d = await api('GET', '/api/incidents/' + encodeURIComponent(id));
  const i = d.incident;
  document.getElementById('detail').hidden = false;
  document.getElementById('detail-title').textContent = i.type + ' · ' + i.severity;
  document.getElementById('detail-status').textContent =
    i.status + (i.assignee ? ' · assigned to ' + i.assignee : '') + ' · v' + i.version + ' · ' + i.incidentId;
  const w = document.getElementById('detail-warning');
  w.replaceChildren();
  if (d.waiting && d.waiting.incidentId) {
    w.appendChild(el('p', 'Public warning waiting: ' + d.waiting.reason + (d.waiting.escalated ? ' (escalated)' : '')));
  }
  if (d.warning && d.warning.identifier) {
    w.appendChild(el('p', 'Public warning in force: ' + d.warning.msgType + ' ' + d.warning.identifier));
  }
  const ev = document.getElementById('detail-evidence');
  ev.replaceChildren(...i.evidence.map(e =>
    el('li', e.signal + ' ' + e.value + (e.unit ? ' ' + e.unit : '') + ' · ' + e.sourceId)));
  const tl = document.getElementById('detail-timeline');
  tl.replaceChildren(...d.versions.map(v => el('li',
    'v' + v.version + ' ' + new Date(v.updatedAt).toLocaleString() + ' · ' +
    (v.change ? v.change.kind + (v.change.by ? ' by ' + v.change.by : '') +
                (v.change.note ? ': ' + v.change.note : '') : v.status))));
}

// an incident the detectors did not see, at the map's center
document.getElementById('open-form').addEventListener('submit', async ev => {
  ev.preventDefault();
  const c = state.map.getCenter();
  const out = document.getElementById('open-result');
  try {
    const r = await api('POST', '/api/incidents', {
      type: document.getElementById('open-type').value,
      severity: document.getElementById('open-severity').value,
      note: document.getElementById('open-note').value || undefined,
      area: { center: { lat: c.lat, lon: c.lng },
              radiusM: Number(document.getElementById('open-radius').value) } });
    out.textContent = 'opened ' + r.incidentId;
    out.dataset.incidentId = r.incidentId;
  } catch (e) {
    out.textContent = e.message;
  }
});

document.querySelectorAll('.actions button').forEach(b => b.addEventListener('click', async () => {
  if (!state.selected) return;
  const action = b.dataset.action;
  const body = { action };
  if (action === 'assign') body.assignee = prompt('Assign to');
  if (action === 'note' || action === 'false_alarm' || action === 'resolve') {
    body.note = prompt(action === 'note' ? 'Note' : 'Why (optional)') || undefined;
  }
  const out = document.getElementById('action-result');
  try {
    await api('POST', '/api/incidents/' + encodeURIComponent(state.selected) + '/actions', body);
    out.textContent = action + ' sent';
  } catch (e) {
    out.textContent = e.message;
  }
}));

start();

// the city's neighbourhoods and roads beneath everything: the map shows the city even where
// OpenStreetMap's tiles cannot be reached
async function drawOutlines(map) {
  const r = await fetch('/api/residents/outlines');
  if (!r.ok) return;
  L.geoJSON(await r.json(), {
    interactive: false,
    style: f => f.properties.kind === 'road'
      ? { color: '#8d8d8d', weight: 3, className: 'city-outline road' }
      : { color: '#b0b0b0', weight: 1, fill: false, className: 'city-outline' },
    // the console marks neighbourhoods with no data on these outlines
    onEachFeature: (f, layer) => {
      if (f.properties.kind === 'neighbourhood') state.areaLayers.set(f.properties.name, layer);
    }
  }).addTo(map).bringToBack();
}
