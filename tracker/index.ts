// Cairn browser tracker: bundled by esbuild (services/browser-scripts/bundle-script.ts) into one minified
// file served by the api at GET /tracker.js. No dependencies; at most 3 KB gzipped (tested).
//
//   <script>window.cairn=window.cairn||function(){(cairn.q=cairn.q||[]).push(arguments)}</script>
//   <script src="https://API/tracker.js" data-key="pk_live_..." async></script>
//   cairn('track', 'view', { itemId: 'sku-1' }); cairn('identify', 'user-42'); cairn('reset');
// identify also asks the api to merge this browser's anonymous history into the user (POST /v1/identify).
//
// Attributes: data-key (a publishable key whose allowed origins include this page's origin),
// data-api (API base URL; default: the origin this script was loaded from).

type Args = IArguments | unknown[];
type Stub = ((...args: unknown[]) => void) & { q?: Args[]; loaded?: 1 };
type Props = Record<string, unknown>;
interface TrackedEvent {
  id: string;
  type: string;
  timestamp: number;
  anonymousId: string;
  userId?: string;
  itemId?: unknown;
  value?: unknown;
  recommId?: unknown;
  properties?: Props;
}

const FLUSH_MS = 2000;
const MAX_BATCH = 20;
const MAX_ATTEMPTS = 8;
// Browsers refuse keepalive requests once the keepalive bodies in flight exceed 64 KiB.
const KEEPALIVE_MAX_CHARS = 60000;
const ANON_KEY = 'cairn_aid';
const USER_KEY = 'cairn_uid';

((w: Window & { cairn?: Stub }, d: Document) => {
  const script = (d.currentScript || d.querySelector('script[data-key]')) as HTMLScriptElement | null;
  const key = script && script.getAttribute('data-key');
  if (!script || !key || (w.cairn && w.cairn.loaded)) return; // no key, or loaded twice
  const api = (script.getAttribute('data-api') || new URL(script.src, location.href).origin).replace(/\/+$/, '') + '/v1/events';

  // localStorage when usable (blocked storage, private modes and sandboxed frames throw): the
  // anonymous id lasts across pages without a cookie; otherwise it lives for this page only.
  let store: Storage | null = null;
  try {
    store = w.localStorage;
    store.setItem(ANON_KEY + '_t', '1');
    store.removeItem(ANON_KEY + '_t');
  } catch {
    store = null;
  }
  const read = (k: string) => (store && store.getItem(k)) || undefined;
  const write = (k: string, v?: string) => {
    try {
      if (store && v) store.setItem(k, v);
      else if (store) store.removeItem(k);
    } catch {
      // quota or revoked access: keep the in-memory value
    }
  };

  // Unique event ids make retries safe: the api stores an id once per workspace.
  // crypto.randomUUID needs a secure context; getRandomValues works everywhere.
  const c = w.crypto;
  const uuid = (): string =>
    c && c.randomUUID
      ? c.randomUUID()
      : '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (x) =>
          (+x ^ ((c ? c.getRandomValues(new Uint8Array(1))[0]! : Math.random() * 256) & (15 >> (+x / 4)))).toString(16),
        );

  let anonymousId = read(ANON_KEY);
  if (!anonymousId) write(ANON_KEY, (anonymousId = uuid()));
  let userId = read(USER_KEY);

  let queue: TrackedEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let warned = false;

  const schedule = (ms: number) => {
    if (!timer) timer = setTimeout(() => ((timer = undefined), flush()), ms);
  };

  // fetch with keepalive rather than navigator.sendBeacon: a beacon cannot carry the
  // Authorization header (keys are accepted only there, never in the URL), and keepalive lets
  // the request outlive the page just the same.
  const send = (batch: TrackedEvent[]) => {
    const body = JSON.stringify({ events: batch });
    fetch(api, {
      method: 'POST',
      headers: { Authorization: 'Bearer ' + key, 'Content-Type': 'application/json' },
      body,
      keepalive: body.length < KEEPALIVE_MAX_CHARS,
      credentials: 'omit',
    })
      .then((res) => {
        if (res.status >= 500 || res.status === 429) throw res;
        failures = 0;
        // Any other 4xx will not get better by retrying (bad key, origin not allowed, invalid batch).
        if (!res.ok && !warned) {
          warned = true;
          console.warn('[cairn] events refused: HTTP ' + res.status);
        }
      })
      .catch(() => {
        // Network error, CORS refusal or 5xx: retry later with the same ids (deduplicated).
        if (++failures > MAX_ATTEMPTS) return void (failures = 0); // give this batch up
        queue = batch.concat(queue);
        schedule(Math.min(30000, 1000 * 2 ** failures) * (0.5 + Math.random() / 2));
      });
  };

  const identify = (user: string) =>
    fetch(api.replace(/events$/, 'identify'), {
      method: 'POST',
      headers: { Authorization: 'Bearer ' + key, 'Content-Type': 'application/json' },
      body: JSON.stringify({ anonymousId, userId: user, source: 'tracker' }),
      keepalive: true,
      credentials: 'omit',
    }).catch(() => undefined);

  const flush = (all?: boolean) => {
    clearTimeout(timer);
    timer = undefined;
    while (queue.length) {
      send(queue.splice(0, MAX_BATCH));
      if (!all) break;
    }
    if (queue.length) schedule(FLUSH_MS);
  };

  const track = (type: unknown, props?: Props) => {
    if (typeof type !== 'string') return;
    const { itemId, value, recommId, ...rest } = props || {};
    const e: TrackedEvent = { id: uuid(), type, timestamp: Date.now(), anonymousId: anonymousId! };
    if (userId) e.userId = userId;
    if (itemId != null) e.itemId = String(itemId);
    if (value != null) e.value = value;
    if (recommId != null) e.recommId = recommId;
    if (Object.keys(rest).length) e.properties = rest;
    queue.push(e);
    if (queue.length >= MAX_BATCH) flush();
    else schedule(FLUSH_MS);
  };

  const cairn: Stub = function cairn(...args: unknown[]) {
    const [command, a, b] = args;
    if (command === 'track') track(a, b as Props);
    else if (command === 'identify') {
      const next = a == null ? undefined : String(a);
      // A new sign-in: the api merges this browser's anonymous history into the user (once;
      // re-sent merges change nothing, so a lost response is simply sent again on the next identify).
      if (next && next !== userId) identify(next);
      write(USER_KEY, (userId = next));
    }
    else if (command === 'reset') {
      write(USER_KEY, (userId = undefined));
      write(ANON_KEY, (anonymousId = uuid()));
    } else if (command === 'flush') flush(true);
  };

  // The page hides (tab switch, navigation, close): send everything now; keepalive lets the
  // requests finish after the page is gone.
  const hide = () => queue.length && flush(true);
  d.addEventListener('visibilitychange', () => d.visibilityState === 'hidden' && hide());
  w.addEventListener('pagehide', hide);

  // Calls made before this script loaded, in order.
  const early = (w.cairn && w.cairn.q) || [];
  cairn.loaded = 1;
  w.cairn = cairn;
  for (const args of early) cairn(...Array.prototype.slice.call(args));
})(window, document);

export {};
