// The residents' page: plain language, no account; all text is set with textContent.
'use strict';

const params = new URLSearchParams(location.search);
const state = {
  lat: parseFloat(params.get('lat') || '-22.93'),
  lon: parseFloat(params.get('lon') || '-43.35'),
  marker: null, source: null,
  token: localStorage.getItem('cityops-resident-token'),
  place: JSON.parse(localStorage.getItem('cityops-resident-place') || 'null'),
  origin: null, destination: null, routeLayer: null
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
// the city's neighbourhoods and roads beneath everything, for when the tiles cannot be reached
fetch('/api/residents/outlines').then(r => r.ok ? r.json() : null).then(data => {
  if (!data) return;
  L.geoJSON(data, {
    interactive: false,
    style: f => f.properties.kind === 'road'
      ? { color: '#8d8d8d', weight: 3, className: 'city-outline road' }
      : { color: '#b0b0b0', weight: 1, fill: false, className: 'city-outline' }
  }).addTo(map).bringToBack();
});
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
  const out = document.getElementById('subscription');
  if (await send({ places: [place], commutes: storedCommutes() }, out)) {
    state.place = place;
    localStorage.setItem('cityops-resident-place', JSON.stringify(place));
    out.textContent = 'Você vai receber os avisos deste lugar.';
  }
}

function storedCommutes() {
  return JSON.parse(localStorage.getItem('cityops-resident-commutes') || '[]');
}

// one subscription holds the place and the commutes: each change sends both
async function send(body, out) {
  const headers = { 'Content-Type': 'application/json' };
  const method = state.token ? 'PUT' : 'POST';
  if (state.token) headers.Authorization = 'Bearer ' + state.token;
  const r = await fetch('/api/residents/subscriptions', { method, headers, body: JSON.stringify(body) });
  if (!r.ok) {
    out.textContent = 'Não foi possível: ' + ((await r.json()).error || r.status);
    return false;
  }
  const j = await r.json();
  if (j.token) { state.token = j.token; localStorage.setItem('cityops-resident-token', j.token); }
  showButtons();
  return true;
}

function mark(which) {
  state[which] = { lat: state.lat, lon: state.lon };
  document.getElementById(which).textContent = state.lat.toFixed(4) + ', ' + state.lon.toFixed(4);
}

async function commute() {
  const out = document.getElementById('commute-status');
  if (!state.origin || !state.destination) {
    out.textContent = 'Escolha a origem e o destino no mapa.';
    return;
  }
  const trip = {
    name: 'meu trajeto', origin: state.origin, destination: state.destination,
    from: document.getElementById('commute-from').value,
    to: document.getElementById('commute-to').value
  };
  if (await send({ places: state.place ? [state.place] : [], commutes: [trip] }, out)) {
    localStorage.setItem('cityops-resident-commutes', JSON.stringify([trip]));
    out.textContent = 'Você vai receber rotas para este trajeto.';
    routes();
  }
}

// the newest advice for each commute: the message, and the way drawn on the map
async function routes() {
  if (!state.token) return;
  const r = await fetch('/api/residents/routes', { headers: { Authorization: 'Bearer ' + state.token } });
  const list = r.ok ? await r.json() : [];
  if (state.routeLayer) state.routeLayer.remove();
  state.routeLayer = L.layerGroup().addTo(map);
  document.getElementById('routes').replaceChildren(...list.map(a => {
    if (a.route && a.route.length > 1) {
      L.polyline(a.route.map(p => [p.lat, p.lon]),
                 { className: 'route-advice', color: '#1565c0', weight: 5 }).addTo(state.routeLayer);
    }
    const div = el('div', null, 'advice');
    div.append(el('strong', a.message), el('small', ' — ' + a.commute));
    return div;
  }));
}

async function unsubscribe() {
  await fetch('/api/residents/subscriptions',
              { method: 'DELETE', headers: { Authorization: 'Bearer ' + state.token } });
  localStorage.removeItem('cityops-resident-token');
  localStorage.removeItem('cityops-resident-place');
  localStorage.removeItem('cityops-resident-commutes');
  state.place = null;
  state.token = null;
  document.getElementById('subscription').textContent = 'Você não recebe mais avisos.';
  showButtons();
}

function showButtons() {
  document.getElementById('unsubscribe').hidden = !state.token;
}

document.getElementById('set-origin').addEventListener('click', () => mark('origin'));
document.getElementById('set-destination').addEventListener('click', () => mark('destination'));
document.getElementById('commute').addEventListener('click', commute);
setInterval(routes, 15000);
routes();

document.getElementById('subscribe').addEventListener('click', subscribe);
document.getElementById('unsubscribe').addEventListener('click', unsubscribe);
showButtons();
neighbourhoods();
choose(state.lat, state.lon);
