// Controls: reset, the rate limit and fault rules, the settings the simulator takes at start.
import { count, fill, getJson, h, postJson } from './dom.js';

export function controlsView(root) {
  const message = h('p', { id: 'control-message', role: 'status' });
  const limit = h('input', { type: 'number', min: 1, id: 'rate-limit', placeholder: 'none' });
  const faults = h('ul', { id: 'fault-list' });
  const field = (id, attributes = {}) => h('input', { id, type: 'number', min: 1, ...attributes });
  const form = {
    status: field('fault-status', { min: 400, max: 599, placeholder: '503' }),
    everyNth: field('fault-every', { placeholder: '1' }),
    times: field('fault-times', { placeholder: 'unlimited' }),
    delayMs: field('fault-delay', { min: 0, placeholder: '0' }),
    path: h('input', { id: 'fault-path', type: 'text', placeholder: '/v1/customers' }),
    drop: h('input', { id: 'fault-drop', type: 'checkbox' }),
  };
  const act = (task, done) => async () => {
    try {
      await task();
      message.className = 'ok';
      message.textContent = done;
    } catch (error) {
      message.className = 'error';
      message.textContent = String(error.message ?? error);
    }
    await refresh();
  };
  const number = (input) => (input.value === '' ? undefined : Number(input.value));
  const button = (label, id, onclick) => h('button', { type: 'button', id, onclick }, label);

  fill(
    root,
    h('h2', {}, 'Controls'),
    message,
    h('h3', {}, 'State'),
    h(
      'p',
      {},
      button(
        'Reset the simulator',
        'reset',
        act(
          () => postJson('/__simulator/reset'),
          'Reset: customers, events and requests forgotten',
        ),
      ),
      ' forgets customers, events, requests, added faults and the rate window.',
    ),
    h('h3', {}, 'Rate limit'),
    h(
      'p',
      {},
      h('label', {}, 'Requests per minute ', limit),
      ' ',
      button(
        'Apply',
        'rate-apply',
        act(
          () => postJson('settings', { rateLimitPerMinute: number(limit) ?? null }),
          'Rate limit changed',
        ),
      ),
      ' ',
      button(
        'No limit',
        'rate-none',
        act(() => postJson('settings', { rateLimitPerMinute: null }), 'Rate limit removed'),
      ),
    ),
    h('h3', {}, 'Faults'),
    faults,
    h(
      'fieldset',
      { class: 'fault-form' },
      h('legend', {}, 'Add a fault'),
      h('label', {}, 'Answer with status ', form.status),
      h('label', {}, form.drop, ' or drop the connection'),
      h('label', {}, 'Delay (ms) ', form.delayMs),
      h('label', {}, 'Every Nth request ', form.everyNth),
      h('label', {}, 'Only paths starting ', form.path),
      h('label', {}, 'At most (times) ', form.times),
      button(
        'Add fault',
        'fault-add',
        act(
          () =>
            postJson('faults', {
              status: number(form.status),
              everyNth: number(form.everyNth),
              times: number(form.times),
              delayMs: number(form.delayMs),
              path: form.path.value,
              drop: form.drop.checked,
            }),
          'Fault added',
        ),
      ),
    ),
    h(
      'p',
      {},
      button(
        'Clear all faults',
        'fault-clear',
        act(() => postJson('faults/clear'), 'Faults cleared'),
      ),
    ),
  );

  async function refresh() {
    const summary = await getJson('summary');
    if (document.activeElement !== limit) limit.value = summary.rateLimitPerMinute ?? '';
    fill(
      faults,
      summary.faults.length === 0
        ? h('li', { class: 'muted' }, 'No faults')
        : summary.faults.map(({ rule, fired }) =>
            h('li', {}, describe(rule), ` (fired ${count(fired)}×)`),
          ),
    );
  }
  return { refresh };
}

function describe(rule) {
  const what = rule.drop
    ? 'drop the connection'
    : rule.status !== undefined
      ? `answer HTTP ${rule.status}`
      : 'answer late';
  const parts = [what];
  if (rule.delayMs) parts.push(`after ${rule.delayMs} ms`);
  parts.push(rule.everyNth > 1 ? `on every ${rule.everyNth}th request` : 'on every request');
  if (rule.method) parts.push(`(${rule.method} only)`);
  if (rule.path) parts.push(`to ${rule.path}…`);
  if (rule.times) parts.push(`at most ${rule.times} times`);
  return parts.join(' ');
}
