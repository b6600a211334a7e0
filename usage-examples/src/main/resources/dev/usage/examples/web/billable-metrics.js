// The billable metrics page: the wallet beside the range's spend, what each metric of the plan
// consumed, and for the chosen metric its days and its transactions, a keyset page at a time.
// The range, the metric and the page's cursor live in the URL fragment.
import {
  $, api, barChart, el, fillTable, formatExact, formatInstant, formatMoney, formatNumber, hashLink, hashParams, onCustomRange,
  rangeParams, ready, renderOutlook, setField, setUpKey, setUpRange, showError, status, workspaceOf,
} from './common.js';

const DEFAULT_PERIOD = 'billing_period';
const TRANSACTION_PAGE_SIZE = 10;

function base(workspace) {
  return '/api/v2/w/' + encodeURIComponent(workspace) + '/billing';
}

function renderMetrics(report, range, chosen) {
  fillTable($('#metrics'), report.metrics, [
    ['Metric', (m) => el('a', { href: hashLink(Object.assign({}, range, { metric: m.metric })) }, m.metric)],
    ['Units consumed', (m) => formatExact(m.units_consumed), 'num'],
    ['Unit', (m) => m.unit],
    ['Credits', (m) => formatNumber(m.credits, 2), 'num'],
    ['Cost', (m) => formatMoney(m.cost), 'num'],
  ], (m) => ({ 'data-metric': m.metric, 'aria-selected': m.metric === chosen ? 'true' : null }));
}

function renderDetail(metric, page, range, cursor) {
  $('#metric-detail').hidden = false;
  $('#metric-detail').dataset.metric = metric.metric;
  $('#metric-name').textContent = metric.metric;
  $('#metric-unit').textContent = metric.unit;
  const figure = $('[data-chart="metric-daily"]');
  figure.dataset.total = metric.units_consumed;
  barChart(figure, metric.daily.map((d) => ({ day: d.date, value: d.units })), 0, 1140);

  fillTable($('#transactions'), page.transactions, [
    ['Time', (t) => formatInstant(t.time)],
    ['Event', (t) => t.event_id],
    ['Campaign', (t) => t.campaign],
    ['Units', (t) => formatExact(t.units), 'num'],
    ['Credits', (t) => formatNumber(t.credits, 2), 'num'],
    ['Cost', (t) => formatMoney(t.cost), 'num'],
  ], (t) => ({ 'data-event': t.event_id }));
  const here = Object.assign({}, range, { metric: metric.metric });
  const first = $('#first-page');
  if (cursor) {
    first.href = hashLink(here);
  } else {
    first.removeAttribute('href');
  }
  const next = $('#next-page');
  if (page.next_cursor) {
    next.href = hashLink(Object.assign(here, { cursor: page.next_cursor }));
    next.removeAttribute('aria-disabled');
  } else {
    next.removeAttribute('href');
    next.setAttribute('aria-disabled', 'true');
  }
  $('#transaction-page-label').textContent = (cursor ? 'A later page' : 'The first page') + ', '
    + TRANSACTION_PAGE_SIZE + ' a page' + (page.next_cursor ? '' : ', the last');
}

let key = null;

async function load() {
  const params = hashParams();
  const range = rangeParams(params, DEFAULT_PERIOD);
  const chosen = params.get('metric');
  const cursor = params.get('cursor');
  document.body.dataset.state = 'loading';
  status('Loading…');
  try {
    const workspace = await workspaceOf(key);
    const report = await api(base(workspace) + '/billable-metrics?' + new URLSearchParams(range), key);
    setUpRange(range, report);
    renderOutlook($('#outlook'), report.wallet_balance, report.balance_outlook);
    setField('total_credits', formatNumber(report.total_credits, 2), report.total_credits);
    setField('total_cost', formatMoney(report.total_cost), report.total_cost ? report.total_cost.amount : '');
    renderMetrics(report, range, chosen);
    // the export takes dates only: the report's own, so that a preset exports exactly what is shown
    $('#export').href = base(workspace) + '/transactions.csv?'
      + new URLSearchParams({ start_date: report.start_date, end_date: report.end_date });

    const metric = report.metrics.find((m) => m.metric === chosen);
    if (metric) {
      const query = new URLSearchParams(Object.assign({}, range, { page_size: TRANSACTION_PAGE_SIZE }));
      if (cursor) {
        query.set('cursor', cursor);
      }
      const page = await api(base(workspace) + '/billable-metrics/' + encodeURIComponent(metric.metric)
        + '/transactions?' + query, key);
      renderDetail(metric, page, range, cursor);
    } else {
      $('#metric-detail').hidden = true;
    }
    $('#content').hidden = false;
    ready();
  } catch (e) {
    showError(e);
  }
}

// The export needs the key in a header, which a plain link cannot send: fetch it and hand the
// browser the file.
async function exportCsv(e) {
  e.preventDefault();
  const link = e.currentTarget;
  status('Exporting…');
  try {
    const response = await fetch(link.href, { headers: { Authorization: 'Bearer ' + key }, cache: 'no-store' });
    if (!response.ok) {
      const body = await response.json().catch(() => null);
      throw new Error(body && body.message ? body.message : 'HTTP ' + response.status);
    }
    const disposition = response.headers.get('Content-Disposition') || '';
    const name = (disposition.match(/filename="([^"]+)"/) || [null, 'transactions.csv'])[1];
    const url = URL.createObjectURL(await response.blob());
    const a = el('a', { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    status('Exported ' + name);
  } catch (err) {
    status(err.message, 'error');
  }
}

function init() {
  onCustomRange();
  $('#export').addEventListener('click', exportCsv);
  window.addEventListener('hashchange', () => load());
  key = setUpKey((entered) => { key = entered; load(); });
  if (key) {
    load();
  }
}

init();
