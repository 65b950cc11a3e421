// The console page: a hash router over three views, the rate chart, and live updates from the
// simulator's Server-Sent Events stream.
import { controlsView } from './controls.js';
import { customerView } from './customer.js';
import { customersView } from './customers.js';
import { count, fill, h } from './dom.js';
import { rateChart } from './rate.js';
import { requestsView } from './requests.js';

const main = document.getElementById('view');
const live = document.getElementById('live');
const counts = document.getElementById('counts');
const chart = rateChart(document.getElementById('rate'));
let current;

function route() {
  current?.dispose?.();
  const [, view = 'customers', id] = location.hash.split('/');
  for (const link of document.querySelectorAll('nav a')) {
    link.classList.toggle('active', link.dataset.view === view);
  }
  fill(main);
  if (view === 'customers' && id) current = customerView(main, decodeURIComponent(id));
  else if (view === 'requests') current = requestsView(main);
  else if (view === 'controls') current = controlsView(main);
  else current = customersView(main);
  void current.refresh();
}

function showCounts(data) {
  fill(
    counts,
    ['customers', 'events', 'requests'].flatMap((name) => [
      h('dt', {}, name),
      h('dd', { id: `count-${name}` }, count(data[name])),
    ]),
    h('dt', {}, 'rate limit'),
    h(
      'dd',
      { id: 'count-limit' },
      data.rateLimitPerMinute === null ? 'none' : `${count(data.rateLimitPerMinute)}/min`,
    ),
  );
}

function connect() {
  const source = new EventSource('/__simulator/console/stream');
  source.addEventListener('open', () => {
    live.textContent = '● live';
    live.className = 'live on';
  });
  source.addEventListener('error', () => {
    live.textContent = '○ reconnecting';
    live.className = 'live off';
  });
  source.addEventListener('change', (message) => {
    showCounts(JSON.parse(message.data));
    void current?.refresh();
    void chart.refresh();
  });
}

window.addEventListener('hashchange', route);
route();
connect();
void chart.refresh();
setInterval(() => void chart.refresh(), 1000);
