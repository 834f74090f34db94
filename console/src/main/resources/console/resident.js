// The residents' page: plain language, no account; all text is set with textContent.
'use strict';

const params = new URLSearchParams(location.search);
const state = {
  lat: parseFloat(params.get('lat') || '-22.93'),
  lon: parseFloat(params.get('lon') || '-43.35'),
  marker: null, source: null,
  token: localStorage.getItem('cityops-resident-token')
};

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

const map = L.map('map').setView([state.lat, state.lon], 13);
L.tileLayer('https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png',
            { attribution: '© OpenStreetMap contributors', maxZoom: 18 }).addTo(map);
map.on('click', e => choose(e.latlng.lat, e.latlng.lng));

function choose(lat, lon) {
  state.lat = lat; state.lon = lon;
  if (state.marker) state.marker.remove();
  state.marker = L.marker([lat, lon]).addTo(map);
  document.getElementById('place').textContent =
    'Lugar escolhido: ' + lat.toFixed(4) + ', ' + lon.toFixed(4);
  refresh();
  follow();
}

async function refresh() {
  const r = await fetch('/api/residents/warnings?lat=' + state.lat + '&lon=' + state.lon);
  const list = r.ok ? await r.json() : [];
  const ol = document.getElementById('warnings');
  ol.replaceChildren(...list.map(w => {
    const li = el('li', null, 'sev-' + w.severity);
    li.dataset.identifier = w.identifier;
    li.append(el('strong', w.headline || w.event), el('div', w.area),
              el('div', w.instruction), el('small', 'Emitido ' + w.sent));
    return li;
  }));
  document.getElementById('none').hidden = list.length > 0;
}

// new warnings, updates and cancels for this place arrive by themselves
function follow() {
  if (state.source) state.source.close();
  const live = document.getElementById('live');
  state.source = new EventSource('/api/residents/events?lat=' + state.lat + '&lon=' + state.lon);
  state.source.onopen = () => { live.className = 'live'; live.textContent = 'Ao vivo'; };
  state.source.onerror = () => { live.className = 'down'; live.textContent = 'Sem conexão — tentando de novo'; };
  state.source.addEventListener('warning', () => refresh());
}

async function neighbourhoods() {
  const r = await fetch('/api/residents/neighbourhoods');
  const list = r.ok ? await r.json() : [];
  const select = document.getElementById('bairro');
  for (const n of list) select.appendChild(new Option(n.name, n.name));
  document.getElementById('bairro-box').hidden = list.length === 0;
}

async function subscribe() {
  const bairro = document.getElementById('bairro').value;
  const place = bairro
    ? { neighbourhood: bairro }
    : { name: 'meu lugar', center: { lat: state.lat, lon: state.lon }, radiusM: 300 };
  const body = { places: [place] };
  const headers = { 'Content-Type': 'application/json' };
  const method = state.token ? 'PUT' : 'POST';
  if (state.token) headers.Authorization = 'Bearer ' + state.token;
  const r = await fetch('/api/residents/subscriptions', { method, headers, body: JSON.stringify(body) });
  const out = document.getElementById('subscription');
  if (!r.ok) { out.textContent = 'Não foi possível: ' + ((await r.json()).error || r.status); return; }
  const j = await r.json();
  if (j.token) { state.token = j.token; localStorage.setItem('cityops-resident-token', j.token); }
  out.textContent = 'Você vai receber os avisos deste lugar.';
  showButtons();
}

async function unsubscribe() {
  await fetch('/api/residents/subscriptions',
              { method: 'DELETE', headers: { Authorization: 'Bearer ' + state.token } });
  localStorage.removeItem('cityops-resident-token');
  state.token = null;
  document.getElementById('subscription').textContent = 'Você não recebe mais avisos.';
  showButtons();
}

function showButtons() {
  document.getElementById('unsubscribe').hidden = !state.token;
}

document.getElementById('subscribe').addEventListener('click', subscribe);
document.getElementById('unsubscribe').addEventListener('click', unsubscribe);
showButtons();
neighbourhoods();
choose(state.lat, state.lon);
