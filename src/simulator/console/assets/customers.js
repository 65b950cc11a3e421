// The customers table: searched, sorted and paged on the server, so 10,000 customers stay quick.
import { coalesced, count, fill, getJson, h, time } from './dom.js';

const PAGE = 50;
const COLUMNS = [
  ['name', 'Name'],
  ['email', 'Email'],
  ['externalId', 'External id'],
  ['company', 'Company'],
  ['createdAt', 'Created'],
  ['updatedAt', 'Updated'],
  ['events', 'Events'],
];
// Kept across visits to a customer's page and back.
const state = { q: '', offset: 0, sort: 'createdAt', dir: 'desc' };

export function customersView(root) {
  const search = h('input', {
    type: 'search',
    id: 'customer-search',
    placeholder: 'Search name, email, external id, company or id',
    'aria-label': 'Search customers',
    value: state.q,
  });
  const head = h('thead');
  const body = h('tbody', { id: 'customer-rows' });
  const summary = h('span', { id: 'customer-total', class: 'muted' });
  const prev = h('button', { type: 'button', onclick: () => move(-PAGE) }, '‹ Previous');
  const next = h('button', { type: 'button', onclick: () => move(PAGE) }, 'Next ›');
  let timer;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      state.q = search.value;
      state.offset = 0;
      void refresh();
    }, 120);
  });
  fill(
    root,
    h('div', { class: 'toolbar' }, search, summary, h('span', { class: 'pager' }, prev, next)),
    h('table', { class: 'grid', id: 'customers' }, head, body),
  );
  let total = 0;
  function move(delta) {
    const offset = state.offset + delta;
    if (offset < 0 || offset >= total) return;
    state.offset = offset;
    void refresh();
  }
  function sortBy(key) {
    state.dir = state.sort === key && state.dir === 'desc' ? 'asc' : 'desc';
    state.sort = key;
    state.offset = 0;
    void refresh();
  }

  const refresh = coalesced(async () => {
    const query = new URLSearchParams({ q: state.q, offset: state.offset, limit: PAGE });
    query.set('sort', state.sort);
    query.set('dir', state.dir);
    const page = await getJson(`customers?${query}`);
    total = page.total;
    const columns = COLUMNS.filter(([key]) => key !== 'company' || page.companies);
    fill(
      head,
      h(
        'tr',
        {},
        columns.map(([key, label]) =>
          h(
            'th',
            { scope: 'col' },
            h(
              'button',
              { type: 'button', class: 'sort', onclick: () => sortBy(key) },
              label,
              state.sort === key ? (state.dir === 'asc' ? ' ▲' : ' ▼') : '',
            ),
          ),
        ),
      ),
    );
    fill(
      body,
      page.items.length === 0
        ? h('tr', {}, h('td', { colspan: columns.length, class: 'empty' }, 'No customers yet'))
        : page.items.map((row) =>
            h(
              'tr',
              { 'data-id': row.id },
              columns.map(([key]) => h('td', { class: key }, cell(row, key))),
            ),
          ),
    );
    const last = Math.min(page.offset + page.items.length, total);
    summary.textContent =
      total === 0 ? '0 customers' : `${count(page.offset + 1)}–${count(last)} of ${count(total)}`;
    prev.disabled = page.offset === 0;
    next.disabled = last >= total;
  });
  return { refresh };
}

function cell(row, key) {
  if (key === 'name')
    return h('a', { href: `#/customers/${encodeURIComponent(row.id)}` }, row.name);
  if (key === 'createdAt' || key === 'updatedAt') return time(row[key]);
  if (key === 'events') return count(row.events);
  return row[key];
}
