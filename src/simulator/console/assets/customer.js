// One customer: every attribute as Kustomer stores it, its tracking events in time order with
// their meta, and the requests that touched it.
import { coalesced, count, fill, getJson, h, time } from './dom.js';
import { requestTable, showRequest } from './requests.js';

export function customerView(root, id) {
  const detail = h('div', { id: 'request-detail', class: 'detail' });
  let selected;
  let rawOpen = false;
  const refresh = coalesced(async () => {
    let data;
    try {
      data = await getJson(`customers/${encodeURIComponent(id)}`);
    } catch (error) {
      fill(root, back(), h('p', { class: 'error' }, String(error.message ?? error)));
      return;
    }
    const attributes = data.customer.attributes ?? {};
    const select = (seq) => {
      selected = seq;
      void showRequest(detail, seq);
    };
    fill(
      root,
      back(),
      h('h2', { id: 'customer-name' }, attributes.displayName ?? id),
      h('p', { class: 'muted' }, `id ${id}`),
      h('h3', {}, 'Attributes'),
      h(
        'table',
        { class: 'grid attributes', id: 'customer-attributes' },
        h(
          'tbody',
          {},
          Object.entries(attributes).map(([name, value]) =>
            h('tr', {}, h('th', { scope: 'row' }, name), h('td', {}, attributeValue(value))),
          ),
        ),
      ),
      h(
        'details',
        { open: rawOpen, ontoggle: (event) => (rawOpen = event.target.open) },
        h('summary', {}, 'The whole resource as Kustomer answers it'),
        h('pre', { class: 'body' }, JSON.stringify(data.customer, null, 2)),
      ),
      h(
        'h3',
        {},
        `Tracking events (${count(data.eventsTotal)}` +
          (data.eventsTotal > data.events.length ? `, the last ${count(data.events.length)}` : '') +
          ')',
      ),
      eventTable(data.events),
      h('h3', {}, `Requests that touched it (${count(data.requests.length)})`),
      h('div', { class: 'split' }, requestTable(data.requests, select, selected), detail),
    );
  });
  return { refresh };
}

function back() {
  return h('p', {}, h('a', { href: '#/customers' }, '‹ All customers'));
}

function attributeValue(value) {
  if (value !== null && typeof value === 'object') {
    return h('pre', { class: 'value' }, JSON.stringify(value, null, 2));
  }
  return String(value);
}

function eventTable(events) {
  return h(
    'table',
    { class: 'grid events', id: 'customer-events' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['Received', 'Event', 'Meta', 'Session', 'Tracking id'].map((label) =>
          h('th', { scope: 'col' }, label),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      events.length === 0
        ? h('tr', {}, h('td', { colspan: 5, class: 'empty' }, 'No tracking events'))
        : events.map((event) =>
            h(
              'tr',
              {},
              h('td', {}, time(event.receivedAt)),
              h('td', { class: 'event-name' }, event.name),
              h(
                'td',
                {},
                h(
                  'dl',
                  { class: 'meta' },
                  Object.entries(event.meta).flatMap(([key, value]) => [
                    h('dt', {}, key),
                    h('dd', {}, String(value)),
                  ]),
                ),
              ),
              h('td', {}, event.sessionId ?? ''),
              h('td', {}, event.trackingId ?? ''),
            ),
          ),
    ),
  );
}
