// The credit usage page: the balance and its forecast, plan health, the daily burn, top
// assistants, conversations by channel, recent activity and the call logs, a page at a time.
// The range and the call-log page live in the URL fragment; the API's JSON is drawn as it comes.
import {
  $, api, barChart, el, fillTable, formatInstant, formatNumber, hashLink, hashParams, healthTiles, minutesSeconds,
  onCustomRange, rangeParams, ready, renderCallLogs, renderOutlook, setField, setUpKey, setUpRange, showError, status,
  svg, workspaceOf,
} from './common.js';

const DEFAULT_PERIOD = 'last_30_days';
const COLOURS = 8;

function renderDonut(shares) {
  const figure = $('[data-chart="channels"]');
  const plot = figure.querySelector('.plot');
  plot.replaceChildren();
  const root = svg('svg', { viewBox: '0 0 120 120', role: 'img' }, plot);
  const r = 46;
  const circumference = 2 * Math.PI * r;
  svg('circle', { cx: 60, cy: 60, r, class: 'donut-track' }, root);
  const total = shares.reduce((a, s) => a + s.conversations, 0);
  let offset = 0;
  const legend = $('#channel-legend');
  legend.replaceChildren();
  shares.forEach((s, i) => {
    // arcs from the counts, which are exact; the labels show the API's rounded percentages
    const length = total === 0 ? 0 : circumference * s.conversations / total;
    const arc = svg('circle', {
      cx: 60, cy: 60, r, class: 'donut-arc c' + (i % COLOURS),
      'stroke-dasharray': `${length} ${circumference - length}`, 'stroke-dashoffset': -offset,
      transform: 'rotate(-90 60 60)', 'data-channel': s.channel, 'data-percent': s.percent,
    }, root);
    svg('title', {}, arc).textContent = s.channel + ': ' + formatNumber(s.percent, 1) + ' %';
    offset += length;
    const item = el('li', { 'data-channel': s.channel, 'data-value': s.conversations });
    item.append(el('i', { class: 'swatch c' + (i % COLOURS) }), el('span', {}, s.channel),
      el('span', { class: 'num' }, formatNumber(s.conversations, 0) + ' · ' + formatNumber(s.percent, 1) + ' %'));
    legend.append(item);
  });
  const centre = svg('text', { x: 60, y: 64, 'text-anchor': 'middle', class: 'donut-total' }, root);
  centre.textContent = formatNumber(total, 0);
  figure.dataset.total = String(total);
}

function render(report, range) {
  setUpRange(range, report);
  renderOutlook($('#outlook'), report.available_credits, report.balance_outlook);
  setField('credits_used', formatNumber(report.credits_used, 2), report.credits_used);
  setField('total_calls', formatNumber(report.total_calls, 0), report.total_calls);
  const health = $('#health');
  health.replaceChildren();
  healthTiles(health, report.plan_health);

  const daily = $('[data-chart="daily-credits"]');
  daily.dataset.total = report.credits_used;
  barChart(daily, report.daily_credits.map((d) => ({ day: d.date, value: d.credits })), 2, 1140);

  // a click on an assistant narrows every part of the page that reads usage to it, in place
  fillTable($('#top-assistants'), report.top_assistants, [
    ['Assistant', (a) => el('a', { href: hashLink(Object.assign({}, range, { assistant: a.assistant })),
      'data-assistant': a.assistant }, a.assistant)],
    ['Calls', (a) => formatNumber(a.calls, 0), 'num'],
    ['AI messages', (a) => formatNumber(a.ai_messages, 0), 'num'],
    ['Volume', (a) => formatNumber(a.volume, 0), 'num'],
  ]);
  renderDonut(report.channel_shares);
  fillTable($('#recent-activity'), report.recent_activity, [
    ['When', (a) => formatInstant(a.when)],
    ['Type', (a) => a.type.replace(/_/g, ' ')],
    ['Assistant', (a) => a.assistant],
    ['Channel', (a) => a.channel],
    ['Contact', (a) => a.contact],
    ['Duration', (a) => minutesSeconds(a.duration_sec), 'num'],
    ['Credits', (a) => formatNumber(a.credits, 2), 'num'],
  ]);
  const assistant = report.filter.assistant;
  $('#filter').hidden = !assistant;
  setField('filter_assistant', assistant || '', assistant || '');
  $('#clear-filter').href = hashLink(range);
  // the call-log pages keep the filter
  renderCallLogs(report.call_logs, Object.assign({}, range, assistant ? { assistant } : {}));
}

let key = null;

async function load() {
  const params = hashParams();
  const range = rangeParams(params, DEFAULT_PERIOD);
  const query = new URLSearchParams(range);
  if (params.get('page')) {
    query.set('page', params.get('page'));
  }
  if (params.get('assistant')) {
    query.set('assistant', params.get('assistant'));
  }
  document.body.dataset.state = 'loading';
  status('Loading…');
  try {
    const workspace = await workspaceOf(key);
    const report = await api('/api/v2/w/' + encodeURIComponent(workspace) + '/billing/credit-usage?' + query, key);
    render(report, range);
    $('#content').hidden = false;
    ready();
  } catch (e) {
    showError(e);
  }
}

function init() {
  onCustomRange();
  window.addEventListener('hashchange', () => load());
  key = setUpKey((entered) => { key = entered; load(); });
  if (key) {
    load();
  }
}

init();
