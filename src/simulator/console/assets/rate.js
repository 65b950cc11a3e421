// Requests per second over the last minute against the configured limit (Kustomer counts per
// minute, so the line is the limit spread evenly); 429s of the rate window and injected faults
// are marked in their own colours.
import { count, fill, getJson, h } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 600;
const HEIGHT = 110;

function s(tag, attributes, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  for (const child of children) element.append(child instanceof Node ? child : String(child));
  return element;
}

export function rateChart(root) {
  const svg = s('svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    id: 'rate-chart',
    role: 'img',
    preserveAspectRatio: 'none',
  });
  const summary = h('p', { id: 'rate-summary', class: 'muted' });
  const legend = h(
    'p',
    { class: 'legend' },
    [
      ['ok', 'answered'],
      ['error', 'other 4xx/5xx'],
      ['limited', '429 (rate limit)'],
      ['fault', 'injected fault'],
    ].map(([kind, label]) => h('span', { class: `key key-${kind}` }, label)),
    h('span', { class: 'key key-limit' }, 'limit'),
  );
  fill(root, h('div', { class: 'chart' }, svg), h('div', {}, summary, legend));

  async function refresh() {
    const data = await getJson('rate?seconds=60');
    const seconds = data.seconds;
    const limit = data.limitPerMinute === null ? undefined : data.limitPerMinute / 60;
    const peak = Math.max(1, ...seconds.map((b) => b.total), (limit ?? 0) * 1.25);
    const width = WIDTH / seconds.length;
    const y = (n) => HEIGHT - (n / peak) * (HEIGHT - 4);
    const bars = seconds.flatMap((b, i) => {
      const ok = b.total - b.limited - b.faults - b.errors;
      let top = 0;
      return [
        ['ok', ok],
        ['error', b.errors],
        ['fault', b.faults],
        ['limited', b.limited],
      ]
        .filter(([, n]) => n > 0)
        .map(([kind, n]) => {
          const rect = s(
            'rect',
            {
              class: `bar ${kind}`,
              x: i * width + 1,
              y: y(top + n),
              width: Math.max(1, width - 2),
              height: y(top) - y(top + n),
              'data-count': n,
            },
            s('title', {}, `${new Date(b.second * 1000).toLocaleTimeString()}: ${n} ${kind}`),
          );
          top += n;
          return rect;
        });
    });
    const line =
      limit === undefined
        ? []
        : [s('line', { class: 'limit', x1: 0, x2: WIDTH, y1: y(limit), y2: y(limit) })];
    svg.replaceChildren(...bars, ...line);
    const sum = (key) => seconds.reduce((n, b) => n + b[key], 0);
    const total = sum('total');
    fill(
      summary,
      `Last 60 s: ${count(total)} requests (${(total / 60).toFixed(1)}/s), `,
      h('strong', { id: 'rate-limited' }, count(sum('limited'))),
      ' answered 429 by the rate limit, ',
      h('strong', { id: 'rate-faults' }, count(sum('faults'))),
      ' injected faults. Limit: ',
      data.limitPerMinute === null
        ? 'none'
        : `${count(data.limitPerMinute)}/min (${limit.toFixed(1)}/s)`,
    );
  }
  return { refresh };
}
