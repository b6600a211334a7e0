// The usage dashboard: reads the reporting API with the key of this tab and draws the summary,
// its daily charts (inline SVG), the inventory and the credit-health tiles. No build step.
'use strict';

const KEY_STORE = 'usage.apiKey';
const MAX_DAYS = 366;
const SVG = 'http://www.w3.org/2000/svg';

const $ = (selector) => document.querySelector(selector);

// ---- formatting: fixed, locale-independent, so tests and screenshots read the same everywhere

function group(digits) {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function formatNumber(value, decimals) {
  const fixed = Number(value).toFixed(decimals);
  const negative = fixed.startsWith('-');
  const [whole, fraction] = (negative ? fixed.slice(1) : fixed).split('.');
  return (negative ? '-' : '') + group(whole) + (fraction ? '.' + fraction : '');
}

function minutesSeconds(seconds) {
  const s = Math.round(Number(seconds));
  return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
}

// ---- dates, all in UTC

function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

function parseDay(text) {
  return new Date(text + 'T00:00:00Z');
}

function addDays(text, n) {
  const d = parseDay(text);
  d.setUTCDate(d.getUTCDate() + n);
  return isoDay(d);
}

function monthToDate() {
  const now = new Date();
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  return { from: isoDay(first), to: isoDay(now) };
}

function daysBetween(from, to) {
  return Math.round((parseDay(to) - parseDay(from)) / 86400000) + 1;
}

// ---- the API

class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : 'HTTP ' + status);
    this.status = status;
  }
}

async function api(path, key) {
  const response = await fetch(path, { headers: { Authorization: 'Bearer ' + key }, cache: 'no-store' });
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    body = null;
  }
  if (!response.ok) {
    throw new ApiError(response.status, body);
  }
  return body;
}

// ---- rendering

function setField(name, text, raw) {
  document.querySelectorAll('[data-field="' + name + '"]').forEach((el) => {
    el.textContent = text;
    el.dataset.value = raw === undefined ? text : String(raw);
  });
}

function svg(name, attributes, parent) {
  const el = document.createElementNS(SVG, name);
  Object.entries(attributes).forEach(([k, v]) => el.setAttribute(k, String(v)));
  if (parent) {
    parent.appendChild(el);
  }
  return el;
}

const H = 200;
const PAD = { left: 48, right: 12, top: 12, bottom: 28 };

// W is the drawing's width in SVG units: the full-width chart is twice as wide, so that text keeps one size
function frame(plot, days, max, W) {
  plot.replaceChildren();
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img' }, plot);
  const innerH = H - PAD.top - PAD.bottom;
  [0, 0.5, 1].forEach((f) => {
    const y = PAD.top + innerH * (1 - f);
    svg('line', { x1: PAD.left, x2: W - PAD.right, y1: y, y2: y, class: 'grid' }, root);
    const label = svg('text', { x: PAD.left - 6, y: y + 4, class: 'axis', 'text-anchor': 'end' }, root);
    label.textContent = formatNumber(max * f, max * f >= 100 || Number.isInteger(max * f) ? 0 : 1);
  });
  const labelled = new Set([0, Math.floor((days.length - 1) / 2), days.length - 1]);
  const step = (W - PAD.left - PAD.right) / days.length;
  days.forEach((d, i) => {
    if (labelled.has(i)) {
      const t = svg('text', { x: PAD.left + step * (i + 0.5), y: H - 8, class: 'axis', 'text-anchor': 'middle' }, root);
      t.textContent = d.day.slice(5);
    }
  });
  return { root, step, innerH, W, y: (v) => PAD.top + innerH * (1 - (max === 0 ? 0 : v / max)) };
}

function niceMax(value) {
  if (value <= 0) {
    return 1;
  }
  const p = Math.pow(10, Math.floor(Math.log10(value)));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((m) => m >= value);
}

function barChart(name, days, field) {
  const figure = document.querySelector('[data-chart="' + name + '"]');
  const values = days.map((d) => Number(d[field]));
  const total = values.reduce((a, b) => a + b, 0);
  figure.dataset.total = String(total);
  const f = frame(figure.querySelector('.plot'), days, niceMax(Math.max(...values, 0)), 560);
  days.forEach((d, i) => {
    const y = f.y(values[i]);
    const bar = svg('rect', {
      x: PAD.left + f.step * i + f.step * 0.15, y, width: Math.max(1, f.step * 0.7),
      height: PAD.top + f.innerH - y, class: 'bar',
      'data-day': d.day, 'data-value': values[i],
    }, f.root);
    svg('title', {}, bar).textContent = d.day + ': ' + formatNumber(values[i], 0);
  });
  return total;
}

function lineChart(name, days, series) {
  const figure = document.querySelector('[data-chart="' + name + '"]');
  const max = niceMax(Math.max(0, ...days.flatMap((d) => series.map((s) => Number(d[s])))));
  const f = frame(figure.querySelector('.plot'), days, max, 1140);
  series.forEach((s) => {
    const points = days.map((d, i) => `${PAD.left + f.step * (i + 0.5)},${f.y(Number(d[s]))}`).join(' ');
    svg('polyline', { points, class: 'line ' + s, 'data-series': s }, f.root);
    days.forEach((d, i) => {
      const dot = svg('circle', {
        cx: PAD.left + f.step * (i + 0.5), cy: f.y(Number(d[s])), r: 2.5, class: 'dot ' + s,
        'data-day': d.day, 'data-series': s, 'data-value': d[s],
      }, f.root);
      svg('title', {}, dot).textContent = d.day + ': ' + formatNumber(d[s], 2) + ' ' + s.replace('_', ' ');
    });
  });
  figure.dataset.total = series.map((s) => days.reduce((a, d) => a + Number(d[s]), 0).toFixed(2)).join(' ');
}

function renderSummary(summary) {
  setField('voice_minutes', formatNumber(summary.voice_minutes, 2), summary.voice_minutes);
  setField('voice_calls', formatNumber(summary.voice_calls, 0), summary.voice_calls);
  setField('chat_minutes', formatNumber(summary.chat_minutes, 2), summary.chat_minutes);
  setField('chat_calls', formatNumber(summary.chat_calls, 0), summary.chat_calls);
  setField('total_calls', formatNumber(summary.total_calls, 0), summary.total_calls);
  setField('inbound_calls', formatNumber(summary.inbound_calls, 0), summary.inbound_calls);
  setField('outbound_calls', formatNumber(summary.outbound_calls, 0), summary.outbound_calls);
  setField('avg_call_duration', minutesSeconds(summary.avg_call_duration_sec), summary.avg_call_duration_sec);
  setField('workflow_runs_total', formatNumber(summary.workflow_runs_total, 0), summary.workflow_runs_total);
  setField('workflow_runs_success', formatNumber(summary.workflow_runs_success, 0), summary.workflow_runs_success);
  setField('workflow_runs_failed', formatNumber(summary.workflow_runs_failed, 0), summary.workflow_runs_failed);
  ['total_agents', 'total_phone_numbers', 'shared_phone_numbers', 'total_web_widgets', 'total_datasets',
    'active_datasets'].forEach((f) => setField(f, formatNumber(summary[f], 0), summary[f]));

  lineChart('minutes', summary.daily, ['voice_minutes', 'chat_minutes']);
  barChart('calls', summary.daily, 'calls');
  const runs = document.querySelector('[data-chart="workflow-runs"]');
  runs.hidden = summary.workflow_runs_total === 0;
  if (!runs.hidden) {
    barChart('workflow-runs', summary.daily, 'workflow_runs');
  }
}

const TILE_NAMES = {
  text_queries: 'Text queries', voice_minutes: 'Voice minutes', concurrent_calls: 'Concurrent calls',
  phone_numbers: 'Phone numbers', human_agent_seats: 'Human-agent seats',
};

function tile(container, id, title, band, value, detail, percent) {
  const el = document.createElement('article');
  el.className = 'tile band-' + band;
  el.dataset.tile = id;
  el.dataset.band = band;
  const h = document.createElement('h3');
  h.textContent = title;
  const v = document.createElement('p');
  v.className = 'value';
  v.textContent = value;
  const d = document.createElement('p');
  d.className = 'detail';
  d.textContent = detail;
  el.append(h, v, d);
  if (percent !== null) {
    const meter = document.createElement('div');
    meter.className = 'meter';
    const fill = document.createElement('div');
    fill.className = 'fill';
    // width through the CSSOM, which the page's content security policy allows
    fill.style.width = Math.min(100, percent) + '%';
    meter.append(fill);
    el.append(meter);
  }
  const badge = document.createElement('span');
  badge.className = 'badge';
  badge.textContent = band;
  el.append(badge);
  container.append(el);
}

function renderHealth(credit) {
  const container = $('#health');
  container.replaceChildren();
  credit.plan_health.forEach((t) => {
    const perUnit = t.allotted_metered / Math.max(1, t.allotted);
    const used = t.used_metered / perUnit;
    const percent = t.used_percent === null ? null : Number(t.used_percent);
    tile(container, t.credit_type, TILE_NAMES[t.credit_type] || t.credit_type, t.band,
      percent === null ? '–' : formatNumber(percent, 1) + ' %',
      formatNumber(used, perUnit === 1 ? 0 : 1) + ' of ' + formatNumber(t.allotted, 0) + ' ' + t.allotment_unit,
      percent);
  });
  if (credit.available_credits !== null) {
    const available = Number(credit.available_credits);
    tile(container, 'balance', 'Credit balance', available <= 0 ? 'critical' : 'ok',
      formatNumber(available, 2), formatNumber(credit.credits_used, 2) + ' credits used this period', null);
  }
}

// ---- the page

const state = { key: null, workspace: null };

function status(text, kind) {
  const el = $('#status');
  el.textContent = text;
  el.className = 'status' + (kind ? ' ' + kind : '');
}

function readRange() {
  const from = $('#from').value;
  const to = $('#to').value;
  if (!from || !to) {
    throw new Error('choose both dates');
  }
  if (to < from) {
    throw new Error('end date ' + to + ' is before start date ' + from);
  }
  const days = daysBetween(from, to);
  if (days > MAX_DAYS) {
    throw new Error('range ' + from + '/' + to + ' has ' + days + ' days, more than the limit of ' + MAX_DAYS);
  }
  return { from, to };
}

async function load() {
  let range;
  try {
    range = readRange();
  } catch (e) {
    status(e.message, 'error');
    return;
  }
  document.body.dataset.state = 'loading';
  status('Loading…');
  try {
    if (!state.workspace) {
      const me = await api('/api/v2/me', state.key);
      state.workspace = me.workspace;
      $('#workspace').textContent = me.workspace;
      $('#workspace').dataset.value = me.workspace;
    }
    const query = new URLSearchParams({ from: range.from + 'T00:00:00Z', to: addDays(range.to, 1) + 'T00:00:00Z' });
    const base = '/api/v2/w/' + encodeURIComponent(state.workspace);
    const [summary, credit] = await Promise.all([
      api('/admin/usage/summary?' + query, state.key),
      api(base + '/billing/credit-usage', state.key),
    ]);
    renderSummary(summary);
    renderHealth(credit);
    $('#range-label').textContent = range.from + ' to ' + range.to + ' (UTC)';
    $('#content').hidden = false;
    document.body.dataset.from = range.from;
    document.body.dataset.to = range.to;
    document.body.dataset.state = 'ready';
    status('Updated ' + new Date().toISOString().slice(11, 19) + ' UTC');
  } catch (e) {
    document.body.dataset.state = 'error';
    if (e.status === 401) {
      sessionStorage.removeItem(KEY_STORE);
      state.key = null;
      $('#key-form').hidden = false;
    }
    status(e.message, 'error');
  }
}

function init() {
  const params = new URLSearchParams(location.search);
  if (params.has('key')) {
    sessionStorage.setItem(KEY_STORE, params.get('key'));
    // keep the key out of the address bar and history from here on
    history.replaceState(null, '', location.pathname);
  }
  state.key = sessionStorage.getItem(KEY_STORE);

  const mtd = monthToDate();
  ['#from', '#to'].forEach((id) => { $(id).max = isoDay(new Date()); });
  $('#from').value = mtd.from;
  $('#to').value = mtd.to;

  $('#range-form').addEventListener('submit', (e) => { e.preventDefault(); load(); });
  $('#refresh').addEventListener('click', () => load());
  $('#forget-key').addEventListener('click', () => {
    sessionStorage.removeItem(KEY_STORE);
    location.reload();
  });
  $('#key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const key = $('#key-input').value.trim();
    if (key) {
      sessionStorage.setItem(KEY_STORE, key);
      state.key = key;
      $('#key-form').hidden = true;
      load();
    }
  });

  if (!state.key) {
    $('#key-form').hidden = false;
    document.body.dataset.state = 'needs-key';
    status('Enter an API key to see the reports.');
    return;
  }
  load();
}

init();
