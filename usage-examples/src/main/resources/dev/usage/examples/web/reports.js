// The detailed reports page: the AI, SMS, phone and voice reports of one range, as totals and
// tables, and the members with usage in it, a page at a time. Those endpoints take dates only, so a
// preset in the URL fragment becomes its UTC days here, counted as the API's billing presets count
// them; the JSON is drawn as it comes. The members' page cursor lives in the fragment too.
import {
  $, api, fillTable, formatNumber, hashLink, hashParams, minutesSeconds, onCustomRange, presetDates, rangeParams, ready,
  setField, setUpKey, setUpRange, showError, status, workspaceOf,
} from './common.js';

const DEFAULT_PERIOD = 'last_30_days';
const MEMBER_PAGE_SIZE = 5;
const PRESETS = [
  ['today', 'Today'], ['last_7_days', 'Last 7 days'], ['last_30_days', 'Last 30 days'],
  ['this_month', 'This month'], ['last_month', 'Last month'],
];

const count = (n) => formatNumber(n, 0);
const credits = (n) => formatNumber(n, 2);
// messages without a phone number are reported under the empty string
const orDash = (text) => (text === '' || text === null || text === undefined ? '–' : text);

/** Returns the average call of a phone row or report, or null without calls in or out. */
function averageCall(p) {
  const calls = p.inbound === undefined ? p.totalInbound + p.totalOutbound : p.inbound + p.outbound;
  return calls === 0 ? null : p.totalDurationSeconds / calls;
}

function fields(prefix, report, names, format) {
  names.forEach((n) => setField(prefix + n, format(report[n]), report[n]));
}

function renderAi(ai) {
  fields('ai_', ai, ['total_messages', 'total_tokens', 'total_cached_tokens', 'total_audio_input_tokens',
    'total_audio_output_tokens'], count);
  setField('ai_total_credits', credits(ai.total_credits), ai.total_credits);
  const totals = (heading) => [
    [heading, (r) => r.provider === undefined ? r.type : orDash(r.provider)],
    ['Messages', (r) => count(r.messages), 'num'],
    ['Tokens', (r) => count(r.tokens), 'num'],
    ['Credits', (r) => credits(r.credits), 'num'],
  ];
  fillTable($('#ai-by-provider'), ai.by_provider, totals('Provider'));
  fillTable($('#ai-by-type'), ai.by_type, totals('Type'));
  fillTable($('#ai-top-models'), ai.top_models, [
    ['Provider', (m) => orDash(m.provider)],
    ['Model', (m) => orDash(m.model)],
    ['Type', (m) => orDash(m.model_type)],
    ['Messages', (m) => count(m.messages), 'num'],
    ['Tokens', (m) => count(m.tokens), 'num'],
    ['Credits', (m) => credits(m.credits), 'num'],
  ]);
}

function renderSms(sms) {
  fields('sms_', sms, ['totalMessages', 'totalInbound', 'totalOutbound', 'totalCharacters', 'totalSegments',
    'totalInboundSegments', 'totalOutboundSegments'], count);
  fillTable($('#sms-rows'), sms.rows, [
    ['Date', (r) => r.date],
    ['Phone number', (r) => orDash(r.phoneNumber)],
    ['Inbound', (r) => count(r.inbound), 'num'],
    ['Outbound', (r) => count(r.outbound), 'num'],
    ['Inbound segments', (r) => count(r.inboundSegments), 'num'],
    ['Outbound segments', (r) => count(r.outboundSegments), 'num'],
  ]);
}

function renderPhone(phone) {
  fields('phone_', phone, ['totalCalls', 'totalInbound', 'totalOutbound'], count);
  setField('phone_totalDurationSeconds', minutesSeconds(phone.totalDurationSeconds), phone.totalDurationSeconds);
  const average = averageCall(phone);
  setField('phone_averageCall', average === null ? '–' : minutesSeconds(average), average === null ? '' : average);
  fillTable($('#phone-rows'), phone.rows, [
    ['Date', (r) => r.date],
    ['Phone number', (r) => orDash(r.phoneNumber)],
    ['Calls', (r) => count(r.calls), 'num'],
    ['Inbound', (r) => count(r.inbound), 'num'],
    ['Outbound', (r) => count(r.outbound), 'num'],
    ['Duration', (r) => minutesSeconds(r.totalDurationSeconds), 'num'],
    ['Average call', (r) => (averageCall(r) === null ? '–' : minutesSeconds(averageCall(r))), 'num'],
  ]);
}

function renderVoice(voice) {
  setField('voice_totalSttDurationSeconds', minutesSeconds(voice.totalSttDurationSeconds),
    voice.totalSttDurationSeconds);
  fields('voice_', voice, ['totalSttMessages', 'totalTtsCharacters', 'totalTtsMessages'], count);
  const stt = (dated) => (dated ? [['Date', (r) => r.date]] : []).concat([
    ['Provider', (r) => orDash(r.provider)],
    ['Model', (r) => orDash(r.model)],
    ['Duration', (r) => minutesSeconds(r.durationSeconds), 'num'],
    ['Messages', (r) => count(r.messages), 'num'],
  ]);
  const tts = (dated) => (dated ? [['Date', (r) => r.date]] : []).concat([
    ['Provider', (r) => orDash(r.provider)],
    ['Model', (r) => orDash(r.model)],
    ['Characters', (r) => count(r.characters), 'num'],
    ['Messages', (r) => count(r.messages), 'num'],
  ]);
  fillTable($('#stt-by-provider'), voice.sttByProvider, stt(false));
  fillTable($('#tts-by-provider'), voice.ttsByProvider, tts(false));
  fillTable($('#stt-rows'), voice.sttRows, stt(true));
  fillTable($('#tts-rows'), voice.ttsRows, tts(true));
}

function renderMembers(members, range, cursor) {
  fillTable($('#member-rows'), members.members, [
    ['Member', (m) => m.memberId],
    ['Conversations', (m) => count(m.totalChats), 'num'],
    ['Messages', (m) => count(m.totalMessages), 'num'],
    ['Credits', (m) => credits(m.totalCredits), 'num'],
  ], (m) => ({ 'data-member': m.memberId }));
  const first = $('#members-first-page');
  if (cursor) {
    first.href = hashLink(range);
  } else {
    first.removeAttribute('href');
  }
  const next = $('#members-next-page');
  if (members.next_cursor) {
    next.href = hashLink(Object.assign({}, range, { members_cursor: members.next_cursor }));
    next.removeAttribute('aria-disabled');
  } else {
    next.removeAttribute('href');
    next.setAttribute('aria-disabled', 'true');
  }
  const label = $('#members-page-label');
  label.textContent = (cursor ? 'A later page' : 'The first page') + ', ' + MEMBER_PAGE_SIZE + ' a page'
    + (members.next_cursor ? '' : ', the last');
  label.dataset.cursor = cursor || '';
}

let key = null;

async function load() {
  const range = rangeParams(hashParams(), DEFAULT_PERIOD);
  const dates = range.period ? presetDates(range.period) : range;
  if (!dates) {
    status('unknown period \'' + range.period + '\', expected one of ' + PRESETS.map((p) => p[0]).join(', '),
      'error');
    return;
  }
  document.body.dataset.state = 'loading';
  status('Loading…');
  try {
    const workspace = await workspaceOf(key);
    const base = '/api/v2/w/' + encodeURIComponent(workspace) + '/reports/';
    const query = '?' + new URLSearchParams(dates);
    const cursor = hashParams().get('members_cursor');
    const memberQuery = new URLSearchParams(Object.assign({ page_size: MEMBER_PAGE_SIZE }, dates,
      cursor ? { cursor } : {}));
    const [ai, sms, phone, voice, members] = await Promise.all(['ai-usage', 'sms-usage', 'phone-usage', 'voice-usage']
      .map((name) => api(base + name + query, key))
      .concat([api('/api/v2/w/' + encodeURIComponent(workspace) + '/members?' + memberQuery, key)]));
    setUpRange(range, dates, PRESETS);
    renderAi(ai);
    renderSms(sms);
    renderPhone(phone);
    renderVoice(voice);
    renderMembers(members, range, cursor);
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
