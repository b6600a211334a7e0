// The usage dashboard: reads the reporting API with the key of this tab and draws the summary,
// its daily charts (inline SVG), the inventory and the credit-health tiles. No build step.
import {
  $, addDays, api, barChart, formatNumber, frame, healthTiles, isoDay, minutesSeconds, niceMax, PAD, rangeError,
  ready, setField, setUpKey, showError, status, svg, tile, workspaceOf,
} from './common.js';

function monthToDate() {
  const now = new Date();
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  return { from: isoDay(first), to: isoDay(now) };
}

// ---- rendering

function dailyBars(name, days, field) {
  const figure = document.querySelector('[data-chart="' + name + '"]');
  const total = barChart(figure, days.map((d) => ({ day: d.day, value: d[field] })), 0);
  figure.dataset.total = String(total);
  return total;
}

function lineChart(name, days, series) {
  const figure = document.querySelector('[data-chart="' + name + '"]');
  const max = niceMax(Math.max(0, ...days.flatMap((d) => series.map((s) => Number(d[s])))));
  const f = frame(figure.querySelector('.plot'), days.map((d) => d.day), max, 1140);
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
  dailyBars('calls', summary.daily, 'calls');
  const runs = document.querySelector('[data-chart="workflow-runs"]');
  runs.hidden = summary.workflow_runs_total === 0;
  if (!runs.hidden) {
    dailyBars('workflow-runs', summary.daily, 'workflow_runs');
  }
}

function renderHealth(credit) {
  const container = $('#health');
  container.replaceChildren();
  healthTiles(container, credit.plan_health);
  if (credit.available_credits !== null) {
    const available = Number(credit.available_credits);
    // The report's band, not the sign of the balance: it warns before the credits run out.
    const band = credit.balance_outlook ? credit.balance_outlook.band : (available <= 0 ? 'critical' : 'ok');
    tile(container, 'balance', 'Credit balance', band,
      formatNumber(available, 2), formatNumber(credit.credits_used, 2) + ' credits used in the last 30 days', null);
  }
}

// ---- the page

let key = null;

async function load() {
  const from = $('#from').value;
  const to = $('#to').value;
  const error = rangeError(from, to);
  if (error) {
    status(error, 'error');
    return;
  }
  document.body.dataset.state = 'loading';
  status('Loading…');
  try {
    const workspace = await workspaceOf(key);
    const query = new URLSearchParams({ from: from + 'T00:00:00Z', to: addDays(to, 1) + 'T00:00:00Z' });
    const base = '/api/v2/w/' + encodeURIComponent(workspace);
    const [summary, credit] = await Promise.all([
      api(base + '/usage/summary?' + query, key),
      api(base + '/billing/credit-usage', key),
    ]);
    renderSummary(summary);
    renderHealth(credit);
    $('#range-label').textContent = from + ' to ' + to + ' (UTC)';
    $('#content').hidden = false;
    document.body.dataset.from = from;
    document.body.dataset.to = to;
    ready();
  } catch (e) {
    showError(e);
  }
}

function init() {
  const mtd = monthToDate();
  ['#from', '#to'].forEach((id) => { $(id).max = isoDay(new Date()); });
  $('#from').value = mtd.from;
  $('#to').value = mtd.to;

  $('#range-form').addEventListener('submit', (e) => { e.preventDefault(); load(); });
  $('#refresh').addEventListener('click', () => load());
  key = setUpKey((entered) => { key = entered; load(); });
  if (key) {
    load();
  }
}

init();
