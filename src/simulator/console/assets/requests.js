// Recent requests: method, path template, status, duration, retries and injected faults; a click
// shows the full request and answer (the key masked by the simulator before it ever gets here).
import { bodyBlock, coalesced, count, fill, getJson, h, statusBadge, time } from './dom.js';

export function requestsView(root) {
  const failed = h('input', { type: 'checkbox', id: 'failed-only' });
  const total = h('span', { class: 'muted', id: 'request-total' });
  const list = h('div');
  const detail = h('div', { id: 'request-detail', class: 'detail' });
  let selected;
  fill(
    root,
    h(
      'div',
      { class: 'toolbar' },
      h('label', {}, failed, ' failed only'),
      total,
      h('span', { class: 'muted' }, 'the most recent first; click one for its bodies'),
    ),
    h('div', { class: 'split' }, list, detail),
  );
  const select = (seq) => {
    selected = seq;
    void showRequest(detail, seq);
    for (const row of list.querySelectorAll('tr[data-seq]')) {
      row.classList.toggle('selected', row.dataset.seq === String(seq));
    }
  };
  const refresh = coalesced(async () => {
    const page = await getJson(`requests?limit=200${failed.checked ? '&failed=1' : ''}`);
    total.textContent = `${count(page.total)} kept`;
    fill(list, requestTable(page.items, select, selected));
  });
  failed.addEventListener('change', () => void refresh());
  return { refresh };
}

/** A table of request summaries; `onSelect(seq)` on a click. */
export function requestTable(items, onSelect, selected) {
  const rows = items.map((r) =>
    h(
      'tr',
      {
        'data-seq': r.seq,
        'data-status': r.status,
        class: `clickable${r.seq === selected ? ' selected' : ''}`,
        tabindex: 0,
        onclick: () => onSelect(r.seq),
        onkeydown: (event) => event.key === 'Enter' && onSelect(r.seq),
      },
      h('td', {}, time(r.at)),
      h('td', { class: 'method' }, r.method),
      h('td', { class: 'path', title: r.path }, r.template),
      h('td', {}, statusBadge(r.status)),
      h('td', { class: 'num' }, `${r.durationMs} ms`),
      h('td', {}, r.retried ? h('span', { class: 'badge retry' }, 'retry') : ''),
      h('td', {}, r.fault ? h('span', { class: 'badge fault' }, `fault: ${r.fault}`) : ''),
    ),
  );
  return h(
    'table',
    { class: 'grid requests' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['Time', 'Method', 'Path', 'Status', 'Duration', 'Retried', 'Fault'].map((label) =>
          h('th', { scope: 'col' }, label),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      rows.length > 0 ? rows : h('tr', {}, h('td', { colspan: 7, class: 'empty' }, 'No requests')),
    ),
  );
}

/** Fills `target` with one request's headers and bodies. */
export async function showRequest(target, seq) {
  try {
    const r = await getJson(`requests/${seq}`);
    fill(
      target,
      h('h3', {}, `${r.method} ${r.path}`),
      h(
        'p',
        { class: 'muted' },
        statusBadge(r.status),
        ` ${r.operationId ?? 'no operation'} · ${r.durationMs} ms · `,
        time(r.at),
        r.fault ? ` · injected fault: ${r.fault}` : '',
        r.retried ? ' · a retry' : '',
      ),
      h('h4', {}, 'Request headers'),
      headerList(r.request.headers),
      h('h4', {}, 'Request body'),
      bodyBlock(r.request.body, 'Request body'),
      h('h4', {}, 'Response headers'),
      headerList(r.response.headers),
      h('h4', {}, 'Response body'),
      bodyBlock(r.response.body, 'Response body'),
    );
  } catch (error) {
    fill(target, h('p', { class: 'error' }, String(error.message ?? error)));
  }
}

function headerList(headers) {
  return h(
    'dl',
    { class: 'headers' },
    Object.entries(headers).flatMap(([name, value]) => [h('dt', {}, name), h('dd', {}, value)]),
  );
}
