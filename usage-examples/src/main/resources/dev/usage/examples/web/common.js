// What every page of the demo shares: number and date formatting, the API key of this tab, the API
// call, the range in the URL fragment, and the SVG drawing primitives. An ES module: each page
// imports what it uses; no build step, nothing from the network.

export const KEY_STORE = 'usage.apiKey';
export const MAX_DAYS = 366;
const SVG = 'http://www.w3.org/2000/svg';

export const $ = (selector) => document.querySelector(selector);

// ---- formatting: fixed, locale-independent, so tests and screenshots read the same everywhere

function group(digits) {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

// Rounds half away from zero on the decimal digits, as BigDecimal's HALF_UP does: the API's credits
// have six places, and toFixed would round 1.005 down because the double is just under it.
function roundDecimal(text, decimals) {
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const digits = whole + fraction.padEnd(decimals + 1, '0').slice(0, decimals + 1);
  let kept = digits.slice(0, -1).split('').map(Number);
  if (Number(digits.slice(-1)) >= 5) {
    let i = kept.length - 1;
    while (i >= 0 && kept[i] === 9) {
      kept[i] = 0;
      i--;
    }
    if (i < 0) {
      kept.unshift(1);
    } else {
      kept[i]++;
    }
  }
  kept = kept.join('');
  const cut = kept.length - decimals;
  const intPart = kept.slice(0, cut).replace(/^0+(?=\d)/, '') || '0';
  const fracPart = kept.slice(cut);
  const zero = /^0*$/.test(intPart + fracPart);
  return { negative: negative && !zero, intPart, fracPart };
}

/** Returns the value with `decimals` places, half up, and thousands separators: 12,345.68. */
export function formatNumber(value, decimals) {
  const n = Number(value);
  // String() of a double parsed from JSON gives back the decimal the JSON had; toFixed only for exponents
  const text = /e/i.test(String(n)) ? n.toFixed(Math.max(decimals, 20)) : String(n);
  const r = roundDecimal(text, decimals);
  return (r.negative ? '-' : '') + group(r.intPart) + (decimals > 0 ? '.' + r.fracPart : '');
}

/** Returns the value with as many places as it has, and thousands separators: units are exact. */
export function formatExact(value) {
  const text = String(value);
  return formatNumber(value, text.includes('.') && !/e/i.test(text) ? text.split('.')[1].length : 0);
}

export function minutesSeconds(seconds) {
  const s = Math.round(Number(seconds));
  return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
}

/** Returns an ISO instant as "YYYY-MM-DD HH:MM:SS" in UTC. */
export function formatInstant(text) {
  return text ? text.slice(0, 10) + ' ' + text.slice(11, 19) : '–';
}

export function formatMoney(money) {
  return money ? formatNumber(money.amount, 2) + ' ' + money.currency : '–';
}

// ---- dates, all in UTC

export function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

export function parseDay(text) {
  return new Date(text + 'T00:00:00Z');
}

export function addDays(text, n) {
  const d = parseDay(text);
  d.setUTCDate(d.getUTCDate() + n);
  return isoDay(d);
}

export function daysBetween(from, to) {
  return Math.round((parseDay(to) - parseDay(from)) / 86400000) + 1;
}

/** Returns the error in a custom range, or null if the API will take it. */
export function rangeError(from, to) {
  if (!from || !to) {
    return 'choose both dates';
  }
  if (to < from) {
    return 'end date ' + to + ' is before start date ' + from;
  }
  const days = daysBetween(from, to);
  return days > MAX_DAYS ? 'range ' + from + '/' + to + ' has ' + days + ' days, more than the limit of ' + MAX_DAYS
    : null;
}

// ---- the API and the key of this tab

export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : 'HTTP ' + status);
    this.status = status;
  }
}

export async function api(path, key) {
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

/**
 * Returns the key of this tab: from `?key=` once (then dropped from the address bar, keeping the
 * fragment), else from session storage; null if there is none.
 */
export function takeKey() {
  const params = new URLSearchParams(location.search);
  if (params.has('key')) {
    sessionStorage.setItem(KEY_STORE, params.get('key'));
    // keep the key out of the address bar and history from here on
    history.replaceState(null, '', location.pathname + location.hash);
  }
  return sessionStorage.getItem(KEY_STORE);
}

export function forgetKey() {
  sessionStorage.removeItem(KEY_STORE);
}

/**
 * Wires the key form and the "Forget key" button; `onKey` runs once a key is entered. Returns the
 * key, or null after showing the form.
 */
export function setUpKey(onKey) {
  const key = takeKey();
  $('#forget-key').addEventListener('click', () => {
    forgetKey();
    location.reload();
  });
  $('#key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const entered = $('#key-input').value.trim();
    if (entered) {
      sessionStorage.setItem(KEY_STORE, entered);
      $('#key-form').hidden = true;
      onKey(entered);
    }
  });
  if (!key) {
    $('#key-form').hidden = false;
    document.body.dataset.state = 'needs-key';
    status('Enter an API key to see the reports.');
  }
  return key;
}

/** Shows a failure; a refused key is forgotten and the key form shown again. */
export function showError(e) {
  document.body.dataset.state = 'error';
  if (e.status === 401) {
    forgetKey();
    $('#key-form').hidden = false;
  }
  status(e.message, 'error');
}

export function status(text, kind) {
  const el = $('#status');
  el.textContent = text;
  el.className = 'status' + (kind ? ' ' + kind : '');
}

const workspaces = new Map();

/**
 * Returns the workspace of the key, asked once per page; for an organization's key, the first of
 * its workspaces.
 */
export async function workspaceOf(key) {
  if (!workspaces.has(key)) {
    const me = await api('/api/v2/me', key);
    const workspace = me.workspace || (me.workspaces || [])[0];
    workspaces.set(key, workspace);
    const el = $('#workspace');
    el.textContent = workspace;
    el.dataset.value = workspace;
  }
  return workspaces.get(key);
}

// ---- the range (and any other view state) lives in the URL fragment: links are plain, reload keeps it

/** The `period` values the billing endpoints take, with their labels, in the order shown. */
export const PRESETS = [
  ['today', 'Today'], ['last_7_days', 'Last 7 days'], ['last_30_days', 'Last 30 days'],
  ['this_month', 'This month'], ['last_month', 'Last month'], ['billing_period', 'Billing period'],
];

/** Returns the fragment's parameters. */
export function hashParams() {
  return new URLSearchParams(location.hash.slice(1));
}

/** Returns a fragment link for the given parameters, leaving out empty ones. */
export function hashLink(params) {
  const p = new URLSearchParams();
  Object.entries(params).forEach(([k, v]) => {
    if (v !== null && v !== undefined && v !== '') {
      p.set(k, v);
    }
  });
  return '#' + p.toString();
}

/**
 * Returns the range of the fragment as API parameters, `{period}` or `{start_date, end_date}`,
 * or `{period: byDefault}`.
 */
export function rangeParams(params, byDefault) {
  if (params.has('start_date') && params.get('end_date')) {
    return { start_date: params.get('start_date'), end_date: params.get('end_date') };
  }
  return { period: params.get('period') || byDefault };
}

/**
 * Returns the UTC days of a preset as of now, `{start_date, end_date}`, as the API's
 * `BillablePeriod` counts them: for the endpoints that take dates only. Null for an unknown one.
 */
export function presetDates(period, now) {
  const today = isoDay(now || new Date());
  const first = today.slice(0, 8) + '01';
  switch (period) {
    case 'today': return { start_date: today, end_date: today };
    case 'last_7_days': return { start_date: addDays(today, -6), end_date: today };
    case 'last_30_days': return { start_date: addDays(today, -29), end_date: today };
    // every day of the month, days still to come included, as the API's this_month
    case 'this_month': return { start_date: first, end_date: addDays(isoDay(monthAfter(first)), -1) };
    case 'last_month': {
      const lastMonthEnd = addDays(first, -1);
      return { start_date: lastMonthEnd.slice(0, 8) + '01', end_date: lastMonthEnd };
    }
    default: return null;
  }
}

function monthAfter(firstDay) {
  const d = parseDay(firstDay);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d;
}

/**
 * Fills the preset bar with links, marks the active one, and shows the report's range in the
 * label and the custom range form. `presets` defaults to every `period` the billing endpoints take.
 */
export function setUpRange(range, report, presets) {
  const bar = $('#presets');
  bar.replaceChildren();
  (presets || PRESETS).forEach(([value, label]) => {
    const a = document.createElement('a');
    a.href = hashLink({ period: value });
    a.textContent = label;
    a.dataset.preset = value;
    if (range.period === value) {
      a.setAttribute('aria-current', 'true');
    }
    bar.append(a);
  });
  $('#from').value = report.start_date;
  $('#to').value = report.end_date;
  const label = $('#range-label');
  label.textContent = report.start_date + ' to ' + report.end_date + ' (UTC)';
  label.dataset.start = report.start_date;
  label.dataset.end = report.end_date;
}

/** Makes the custom range form move the fragment to its dates. */
export function onCustomRange() {
  $('#range-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const from = $('#from').value;
    const to = $('#to').value;
    const error = rangeError(from, to);
    if (error) {
      status(error, 'error');
      return;
    }
    location.hash = hashLink({ start_date: from, end_date: to });
  });
}

// ---- drawing

export function el(name, attributes, text) {
  const e = document.createElement(name);
  Object.entries(attributes || {}).forEach(([k, v]) => {
    if (v !== null && v !== undefined) {
      e.setAttribute(k, String(v));
    }
  });
  if (text !== undefined) {
    e.textContent = text;
  }
  return e;
}

export function svg(name, attributes, parent) {
  const e = document.createElementNS(SVG, name);
  Object.entries(attributes).forEach(([k, v]) => e.setAttribute(k, String(v)));
  if (parent) {
    parent.appendChild(e);
  }
  return e;
}

const H = 200;
export const PAD = { left: 48, right: 12, top: 12, bottom: 28 };

/** Returns the smallest of 1, 2, 2.5, 5 times a power of ten at or above the value. */
export function niceMax(value) {
  if (value <= 0) {
    return 1;
  }
  const p = Math.pow(10, Math.floor(Math.log10(value)));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((m) => m >= value);
}

// W is the drawing's width in SVG units: a full-width chart is twice as wide, so that text keeps one size
export function frame(plot, days, max, W) {
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
  const step = (W - PAD.left - PAD.right) / Math.max(1, days.length);
  days.forEach((day, i) => {
    if (labelled.has(i)) {
      const t = svg('text', { x: PAD.left + step * (i + 0.5), y: H - 8, class: 'axis', 'text-anchor': 'middle' }, root);
      t.textContent = day.slice(5);
    }
  });
  return { root, step, innerH, W, y: (v) => PAD.top + innerH * (1 - (max === 0 ? 0 : v / max)) };
}

/**
 * Draws one bar per day into the figure's `.plot`: `points` are `{day, value}`; each bar carries
 * its day and value as data attributes, and its tooltip `day: value` with `decimals` places.
 */
export function barChart(figure, points, decimals, W) {
  const values = points.map((p) => Number(p.value));
  const f = frame(figure.querySelector('.plot'), points.map((p) => p.day), niceMax(Math.max(...values, 0)), W || 560);
  points.forEach((p, i) => {
    const y = f.y(Math.max(0, values[i]));
    const bar = svg('rect', {
      x: PAD.left + f.step * i + f.step * 0.15, y, width: Math.max(1, f.step * 0.7),
      height: PAD.top + f.innerH - y, class: 'bar', 'data-day': p.day, 'data-value': p.value,
    }, f.root);
    svg('title', {}, bar).textContent = p.day + ': ' + formatNumber(values[i], decimals);
  });
  return values.reduce((a, b) => a + b, 0);
}

export const TILE_NAMES = {
  text_queries: 'Text queries', voice_minutes: 'Voice minutes', concurrent_calls: 'Concurrent calls',
  phone_numbers: 'Phone numbers', human_agent_seats: 'Human-agent seats',
};

/** Appends a tile: a title, a value, a detail line, a meter if `percent` is not null, and the band's badge. */
export function tile(container, id, title, band, value, detail, percent) {
  const t = el('article', { class: 'tile band-' + band, 'data-tile': id, 'data-band': band });
  const v = el('p', { class: 'value' }, value);
  t.append(el('h3', {}, title), v, el('p', { class: 'detail' }, detail));
  if (percent !== null) {
    const meter = el('div', { class: 'meter' });
    const fill = el('div', { class: 'fill' });
    // width through the CSSOM, which the page's content security policy allows
    fill.style.width = Math.min(100, percent) + '%';
    meter.append(fill);
    t.append(meter);
  }
  t.append(el('span', { class: 'badge' }, band));
  container.append(t);
  return t;
}

/** Appends one tile per allotment of the plan. */
export function healthTiles(container, planHealth) {
  planHealth.forEach((t) => {
    const perUnit = t.allotted_metered / Math.max(1, t.allotted);
    const used = t.used_metered / perUnit;
    const percent = t.used_percent === null ? null : Number(t.used_percent);
    tile(container, t.credit_type, TILE_NAMES[t.credit_type] || t.credit_type, t.band,
      percent === null ? '–' : formatNumber(percent, 1) + ' %',
      formatNumber(used, perUnit === 1 ? 0 : 1) + ' of ' + formatNumber(t.allotted, 0) + ' ' + t.allotment_unit,
      percent);
  });
}

/**
 * Fills the balance panel: the credits left, the band, the average daily burn and when the
 * balance runs out at that rate. Hides it when the workspace has no wallet.
 */
export function renderOutlook(panel, available, outlook) {
  panel.hidden = available === null || available === undefined || !outlook;
  if (panel.hidden) {
    return;
  }
  panel.className = 'panel outlook band-' + outlook.band;
  panel.dataset.band = outlook.band;
  setField('available', formatNumber(available, 2), available, panel);
  setField('band', outlook.band, outlook.band, panel);
  setField('average_daily_burn', formatNumber(outlook.average_daily_burn, 2), outlook.average_daily_burn, panel);
  setField('runs_out_on', outlook.runs_out_on || 'not at this rate', outlook.runs_out_on || '', panel);
  setField('days_left', outlook.days_left === null ? '–' : formatNumber(outlook.days_left, 0),
    outlook.days_left === null ? '' : outlook.days_left, panel);
}

/** Sets the text of every `[data-field=name]` under `root`, and its raw value as `data-value`. */
export function setField(name, text, raw, root) {
  (root || document).querySelectorAll('[data-field="' + name + '"]').forEach((e) => {
    e.textContent = text;
    e.dataset.value = raw === undefined || raw === null ? text : String(raw);
  });
}

/**
 * Fills a table body: one row per item, one cell per column; a column is `[heading, item =>
 * text]` or `[heading, item => text, 'num']` for a right-aligned number.
 */
export function fillTable(tbody, items, columns, rowAttributes) {
  tbody.replaceChildren();
  items.forEach((item, i) => {
    const tr = el('tr', Object.assign({ 'data-row': i }, rowAttributes ? rowAttributes(item) : {}));
    columns.forEach(([, cell, kind]) => {
      const content = cell(item);
      const td = el('td', kind ? { class: kind } : {});
      if (content instanceof Node) {
        td.append(content);
      } else {
        td.textContent = content === null || content === undefined ? '–' : String(content);
      }
      tr.append(td);
    });
    tbody.append(tr);
  });
  if (items.length === 0) {
    const tr = el('tr');
    tr.append(el('td', { colspan: columns.length, class: 'empty' }, 'Nothing in this range'));
    tbody.append(tr);
  }
}

/**
 * Fills the call logs (`#call-logs`), their count and the pager with the API's `call_logs` page;
 * the page links keep the range in the fragment.
 */
export function renderCallLogs(logs, range) {
  fillTable($('#call-logs'), logs.entries, [
    ['Date and time', (e) => formatInstant(e.date_time)],
    ['Call', (e) => e.call_id],
    ['Credits used', (e) => formatNumber(e.credits_used, 2), 'num'],
    ['Credits added', (e) => formatNumber(e.credits_added, 2), 'num'],
    ['Remarks', (e) => e.remarks],
  ]);
  $('#call-log-count').textContent = formatNumber(logs.total_entries, 0) + ' entries';
  const pages = Math.max(1, logs.total_pages);
  const label = $('#page-label');
  label.textContent = 'Page ' + logs.page + ' of ' + pages;
  label.dataset.page = logs.page;
  label.dataset.totalPages = logs.total_pages;
  pageLink($('#previous-page'), logs.page > 1 ? logs.page - 1 : null, range);
  pageLink($('#next-page'), logs.page < logs.total_pages ? logs.page + 1 : null, range);
}

function pageLink(a, page, range) {
  if (page === null) {
    a.removeAttribute('href');
    a.setAttribute('aria-disabled', 'true');
  } else {
    a.href = hashLink(Object.assign({}, range, { page }));
    a.removeAttribute('aria-disabled');
  }
}

export function ready() {
  document.body.dataset.state = 'ready';
  status('Updated ' + new Date().toISOString().slice(11, 19) + ' UTC');
}
