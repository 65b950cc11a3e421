// Small DOM helpers. Text from the simulator (names, bodies, meta) only ever becomes text nodes or
// attribute values: nothing the page shows is ever parsed as markup.

/** An element with attributes, listeners (`onclick`) and children (strings become text). */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces the element's children. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

const API = '/__simulator/console/api/';

export async function getJson(path) {
  const response = await fetch(API + path, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(await problem(response));
  return response.json();
}

export async function postJson(path, body) {
  const response = await fetch(path.startsWith('/') ? path : API + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  if (!response.ok) throw new Error(await problem(response));
  return response.status === 204 ? undefined : response.json();
}

async function problem(response) {
  try {
    const body = await response.json();
    return body.errors?.[0]?.detail ?? `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

/** `2026-12-03T12:00:01.234Z` → `12:00:01.234` (local time); the full date in the title. */
export function time(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return h('span', {}, iso ?? '');
  const text = date.toLocaleTimeString(undefined, { hour12: false });
  const ms = String(date.getMilliseconds()).padStart(3, '0');
  return h('time', { datetime: iso, title: date.toString() }, `${text}.${ms}`);
}

export const count = (n) => Number(n ?? 0).toLocaleString('en-US');

/** A JSON body, pretty-printed when it parses, as text. */
export function bodyBlock(text, label) {
  let shown = text;
  try {
    shown = text === '' ? '(empty)' : JSON.stringify(JSON.parse(text), null, 2);
  } catch {}
  return h('pre', { class: 'body', 'aria-label': label }, shown);
}

/** Status with its class: ok, client error, server error, dropped. */
export function statusBadge(status) {
  const kind = status === 0 ? 'dropped' : status >= 500 ? 's5' : status >= 400 ? 's4' : 'ok';
  return h('span', { class: `status ${kind}` }, status === 0 ? 'dropped' : String(status));
}

/** Runs `task` now, and once more after it if asked again meanwhile (live refreshes). */
export function coalesced(task) {
  let running = false;
  let again = false;
  const run = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      await task();
    } catch (error) {
      console.error(error);
    } finally {
      running = false;
      if (again) {
        again = false;
        void run();
      }
    }
  };
  return run;
}
