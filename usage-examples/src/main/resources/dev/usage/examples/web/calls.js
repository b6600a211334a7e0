// The call usage page: total calls, the wallet's available credits and the credits used, calls
// and credits per day in one chart, and the call logs ten at a time, credits used by calls and
// added by top-ups. The credit usage report gives all but the calls per day, which come from the
// usage summary over the report's own days. The range and the page live in the URL fragment.
import {
  $, addDays, api, formatNumber, frame, hashParams, niceMax, onCustomRange, PAD, rangeParams, ready, renderCallLogs,
  setField, setUpKey, setUpRange, showError, status, svg, workspaceOf,
} from './common.js';

const DEFAULT_PERIOD = 'last_30_days';
const PRESETS = [['last_30_days', 'Last 30 days'], ['last_7_days', 'Last 7 days']];
const PAGE_SIZE = 10;
const W = 1140;

/**
 * Draws calls as bars against the left axis and credits as a line against the right one, each
 * scaled to its own maximum; every mark carries its day, value and series.
 */
function callsAndCredits(figure, days) {
  const callMax = niceMax(Math.max(0, ...days.map((d) => Number(d.calls))));
  const creditMax = niceMax(Math.max(0, ...days.map((d) => Number(d.credits))));
  const f = frame(figure.querySelector('.plot'), days.map((d) => d.day), callMax, W);
  const creditY = (v) => PAD.top + f.innerH * (1 - Number(v) / creditMax);
  [0.5, 1].forEach((share) => {
    const label = svg('text', {
      x: W - PAD.right, y: PAD.top + f.innerH * (1 - share) - 4, class: 'axis credits', 'text-anchor': 'end',
    }, f.root);
    label.textContent = formatNumber(creditMax * share, creditMax * share >= 100 ? 0 : 1) + ' cr';
  });
  days.forEach((d, i) => {
    const y = f.y(Number(d.calls));
    const bar = svg('rect', {
      x: PAD.left + f.step * i + f.step * 0.15, y, width: Math.max(1, f.step * 0.7),
      height: PAD.top + f.innerH - y, class: 'bar calls', 'data-day': d.day, 'data-value': d.calls,
      'data-series': 'calls',
    }, f.root);
    svg('title', {}, bar).textContent = d.day + ': ' + formatNumber(d.calls, 0) + ' calls';
  });
  const points = days.map((d, i) => `${PAD.left + f.step * (i + 0.5)},${creditY(d.credits)}`).join(' ');
  svg('polyline', { points, class: 'line credits', 'data-series': 'credits' }, f.root);
  days.forEach((d, i) => {
    const dot = svg('circle', {
      cx: PAD.left + f.step * (i + 0.5), cy: creditY(d.credits), r: 2.5, class: 'dot credits',
      'data-day': d.day, 'data-value': d.credits, 'data-series': 'credits',
    }, f.root);
    svg('title', {}, dot).textContent = d.day + ': ' + formatNumber(d.credits, 2) + ' credits';
  });
}

function render(report, summary, range) {
  setUpRange(range, report, PRESETS);
  setField('total_calls', formatNumber(report.total_calls, 0), report.total_calls);
  const available = report.available_credits;
  setField('available_credits', available === null ? '–' : formatNumber(available, 2), available);
  setField('credits_used', formatNumber(report.credits_used, 2), report.credits_used);
  const calls = new Map(summary.daily.map((d) => [d.day, d.calls]));
  const figure = $('[data-chart="calls-and-credits"]');
  callsAndCredits(figure, report.daily_credits.map((d) => ({ day: d.date, calls: calls.get(d.date) || 0,
    credits: d.credits })));
  renderCallLogs(report.call_logs, range);
}

let key = null;

async function load() {
  const params = hashParams();
  const range = rangeParams(params, DEFAULT_PERIOD);
  const query = new URLSearchParams(Object.assign({}, range, { page: params.get('page') || 1,
    page_size: PAGE_SIZE }));
  document.body.dataset.state = 'loading';
  status('Loading…');
  try {
    const workspace = await workspaceOf(key);
    const report = await api('/api/v2/w/' + encodeURIComponent(workspace) + '/billing/credit-usage?' + query, key);
    // the summary over exactly the report's days, midnight to midnight UTC
    const days = new URLSearchParams({ from: report.start_date + 'T00:00:00Z',
      to: addDays(report.end_date, 1) + 'T00:00:00Z' });
    const summary = await api('/api/v2/w/' + encodeURIComponent(workspace) + '/usage/summary?' + days, key);
    render(report, summary, range);
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
