// Cairn chat widget: bundled by esbuild (services/browser-scripts/bundle-script.ts) into one minified file
// served by the api at GET /widget.js. Plain TypeScript and DOM, no dependencies; at most 15 KB
// gzipped (tested).
//
//   <script src="https://API/widget.js" data-key="pk_live_..." async></script>
//
// Attributes: data-key (a publishable key whose allowed origins include this page's origin),
// data-api (API base URL; default: where this script came from), data-user-id and data-user-hash
// (the visitor's id in your system and its HMAC, computed by your server, for identity verification).
// The widget lives in a Shadow DOM (the page's CSS cannot reach it). Everything that comes from the
// api or the visitor is put in with textContent (never as HTML); links and images accept only
// http(s) URLs (widget/safe-url.ts): a product without a url is a plain card, without an image a
// drawn placeholder. The key travels only in the Authorization header.
// Live handoff: while the panel is open it polls GET /v1/conversations/:id/messages (every second
// while a person is involved, else every 4 s; never while the tab is hidden) and shows the team's
// replies; while a person owns the conversation the bot is silent and a notice says so.
// Page API: window.cairnChat.open(), .close(), .send(text); .loaded is 1 once the widget is shown.
import { formatCitationTrail } from '../services/chat/citation-trail';
import { safeUrl as safeUrlFrom } from './safe-url';

interface Citation {
  n: number;
  title: string;
  heading: string;
  /** Null for a private document: cited by title only (shown without a link). */
  url: string | null;
}
interface Product {
  title: string;
  price: number | null;
  currency: string | null;
  url: string | null;
  imageUrl: string | null;
}
interface Message {
  id: string;
  seq: number;
  role: 'visitor' | 'bot' | 'agent';
  author: string | null;
  text: string;
  answered: boolean | null;
  citations: Citation[];
  products: Product[];
  feedback: 'up' | 'down' | null;
}
interface Config {
  title: string;
  greeting: string;
  color: string;
  position: 'left' | 'right';
  botName?: string | null;
  starterQuestions?: string[];
  identityVerification?: boolean;
}
type Api = { open(): void; close(): void; send(text: string): void; loaded?: 1 };

const HANDOFF_MESSAGE = "I'd like to talk to a person";

const STYLES = `:host{all:initial}
*{box-sizing:border-box;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
.b{position:fixed;bottom:20px;right:20px;width:56px;height:56px;border-radius:50%;border:0;background:var(--c);color:#fff;box-shadow:0 6px 20px rgba(0,0,0,.25);cursor:pointer;display:grid;place-items:center;z-index:2147483000}
.l .b{right:auto;left:20px}
.b svg{width:26px;height:26px}
.p{position:fixed;bottom:88px;right:20px;width:370px;height:min(600px,calc(100vh - 110px));display:flex;flex-direction:column;background:#fff;color:#1c1917;border-radius:14px;box-shadow:0 12px 40px rgba(0,0,0,.25);overflow:hidden;z-index:2147483000;font-size:14px;line-height:1.45}
.l .p{right:auto;left:20px}
.p[hidden]{display:none}
header{background:var(--c);color:#fff;padding:12px 14px;display:flex;align-items:center;justify-content:space-between;gap:8px}
h2{font-size:15px;margin:0;font-weight:600}
header button{background:transparent;border:0;color:inherit;font-size:22px;line-height:1;cursor:pointer;padding:2px 6px;border-radius:6px}
.g{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:10px}
.m{max-width:88%;padding:8px 11px;border-radius:12px;white-space:pre-wrap;overflow-wrap:anywhere}
.v{align-self:flex-end;background:var(--c);color:#fff}
.o{align-self:flex-start;background:#f1f5f9}
.m ol{margin:6px 0 0;padding-left:20px;font-size:12px;white-space:normal}
.m a{color:#1d4ed8}
.k{display:flex;gap:8px;overflow-x:auto;margin-top:8px;white-space:normal}
.k .c{flex:0 0 130px;border:1px solid #e2e8f0;border-radius:10px;padding:6px;background:#fff;text-decoration:none;color:#1c1917;font-size:12px}
.k img,.k .ph{width:100%;height:80px;object-fit:cover;border-radius:6px;display:block;margin-bottom:4px}
.k .ph{display:grid;place-items:center;background:#f1f5f9;color:#94a3b8}
.k .ph svg{width:28px;height:28px}
.k b{display:block;font-weight:600}
.f{display:flex;gap:6px;margin-top:6px;align-items:center;font-size:12px;color:#64748b}
.f svg{width:14px;height:14px;display:block}
.f .down svg{transform:rotate(180deg)}
.f button,.h{border:1px solid #cbd5e1;background:#fff;border-radius:999px;padding:3px 9px;cursor:pointer;font-size:13px;color:#1c1917}
.f button[aria-pressed=true]{background:var(--c);color:#fff;border-color:var(--c)}
.h{margin-top:8px;padding:4px 12px}
.n{display:block;font-size:12px;margin-bottom:2px}
.q{display:flex;flex-wrap:wrap;gap:6px;align-self:flex-start}
.q button{border:1px solid var(--c);background:#fff;color:#1c1917;border-radius:12px;padding:5px 10px;cursor:pointer;font-size:13px;text-align:left}
form{display:flex;gap:6px;border-top:1px solid #e2e8f0;padding:8px}
textarea{flex:1;resize:none;border:1px solid #cbd5e1;border-radius:10px;padding:8px 10px;font-size:14px;height:40px;max-height:120px;color:#1c1917;background:#fff}
form button{border:0;background:var(--c);color:#fff;border-radius:10px;padding:0 14px;font-weight:600;cursor:pointer}
form button:disabled{opacity:.5;cursor:default}
button:focus-visible,textarea:focus-visible,a:focus-visible{outline:2px solid var(--c);outline-offset:2px}
header button:focus-visible,.b:focus-visible{outline-color:#1c1917}
.w{align-self:center;font-size:12px;color:#64748b;text-align:center}
.w[hidden]{display:none}
.s{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:480px){.p,.l .p{inset:0;width:auto;height:auto;border-radius:0}}`;

((w: Window & { cairnChat?: Api }, d: Document) => {
  const script = (d.currentScript || d.querySelector('script[data-key][src*="widget"]')) as HTMLScriptElement | null;
  const key = script && script.getAttribute('data-key');
  if (!script || !key || w.cairnChat) return; // no key, or loaded twice
  const attr = (n: string) => script.getAttribute(n) || undefined;
  const api = (attr('data-api') || new URL(script.src, location.href).origin).replace(/\/+$/, '');
  const userId = attr('data-user-id');
  const userHash = attr('data-user-hash');
  // Without an id from the page, the visitor is the tracker's (same site, same storage): its user id
  // after identify, else its anonymous id, so identify merges this chat into the user too
  // (POST /v1/identify). Only once the config says identity verification is off: those ids carry no hash.
  let trackerIds = false;
  const storeKey = 'cairn_chat_' + key.slice(-10);
  const headers = { Authorization: 'Bearer ' + key };

  let store: Storage | null = null;
  try {
    store = w.localStorage;
  } catch {
    store = null;
  }
  const trackerVisitor = () => {
    try {
      return (trackerIds && store && (store.getItem('cairn_uid') || store.getItem('cairn_aid'))) || undefined;
    } catch {
      return undefined;
    }
  };
  const read = () => {
    try {
      return (store && store.getItem(storeKey)) || undefined;
    } catch {
      return undefined;
    }
  };
  const write = (v?: string) => {
    try {
      if (store && v) store.setItem(storeKey, v);
      else if (store) store.removeItem(storeKey);
    } catch {
      // storage full or blocked: the conversation lasts for this page only
    }
  };
  let conversationId = read();
  let busy = false;
  /** Live handoff: the last position seen, the agent replies shown, and whether a person is involved. */
  let cursor = -1;
  const shown: Record<string, 1> = {};
  let personInvolved = false;
  /** The starter questions (bot settings), offered until the conversation has a first message. */
  let starters: HTMLElement | undefined;

  // DOM helper: attributes as strings, children as nodes; text only ever through textContent.
  const h = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...kids: (Node | string)[]) => {
    const e = d.createElement(tag);
    for (const a in attrs) e.setAttribute(a, attrs[a]!);
    for (const k of kids) e.append(typeof k === 'string' ? d.createTextNode(k) : k);
    return e;
  };
  const safeUrl = (u: unknown) => safeUrlFrom(u, location.href);

  // The host element is in the page: an inline !important reset keeps page rules (display:none,
  // transforms that would re-anchor fixed positions, opacity) off it.
  /** A stroked SVG icon (constant path data). */
  const icon = (d0: string) => {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = d.createElementNS(ns, 'svg');
    const path = d.createElementNS(ns, 'path');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    path.setAttribute('d', d0);
    for (const [k, v] of [['fill', 'none'], ['stroke', 'currentColor'], ['stroke-width', '2'], ['stroke-linejoin', 'round'], ['stroke-linecap', 'round']] as const) path.setAttribute(k, v);
    svg.append(path);
    return svg;
  };
  const THUMB = 'M7 10v11H4a1 1 0 0 1-1-1v-9a1 1 0 0 1 1-1h3l4-8a3 3 0 0 1 3 3v4h5a2 2 0 0 1 2 2.3l-1.4 8A2 2 0 0 1 17.6 21H7';
  // A picture frame: the product card's placeholder when the item has no (usable) image.
  const PICTURE = 'M4 5h16v14H4zM4 16l5-5 4 4 2-2 5 5M14 9a1.5 1.5 0 1 0 3 0a1.5 1.5 0 1 0-3 0';

  const host = h('div', { 'data-cairn-chat': '', style: 'all:initial!important' });
  const root = host.attachShadow({ mode: 'open' });
  const frame = h('div');
  const bubble = h('button', { class: 'b', type: 'button', 'aria-label': 'Open chat', 'aria-expanded': 'false', 'aria-controls': 'cairn-panel' });
  bubble.append(icon('M4 5h16v11H9l-5 4z'));
  const title = h('h2', { id: 'cairn-title' });
  const closeButton = h('button', { type: 'button', 'aria-label': 'Close chat' }, '×');
  const log = h('div', { class: 'g', role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation' });
  const withAgentNotice = h('p', { class: 'w', hidden: '' }, 'A person will answer here.');
  const input = h('textarea', { id: 'cairn-input', rows: '1', maxlength: '2000', placeholder: 'Type your question…' });
  const sendButton = h('button', { type: 'submit' }, 'Send');
  const form = h('form', {}, h('label', { class: 's', for: 'cairn-input' }, 'Your message'), input, sendButton);
  const panel = h('div', { class: 'p', id: 'cairn-panel', role: 'dialog', 'aria-labelledby': 'cairn-title', hidden: '' }, h('header', {}, title, closeButton), log, form);
  frame.append(h('style', {}, STYLES), bubble, panel);
  root.append(frame);

  const scroll = () => (log.scrollTop = log.scrollHeight);

  function addMessage(role: 'visitor' | 'bot' | 'agent', text: string, author?: string | null) {
    const body = h('div', {}, text);
    const box = h('div', { class: 'm ' + (role === 'visitor' ? 'v' : 'o') }, body);
    if (role === 'agent') box.prepend(h('b', { class: 'n' }, String(author || 'Support')));
    log.insertBefore(box, withAgentNotice.parentNode === log ? withAgentNotice : null);
    scroll();
    return { box, body };
  }

  /** While a person owns the conversation the bot is silent: say who will answer. */
  function setWithAgent(on: boolean) {
    if (on) personInvolved = true;
    withAgentNotice.hidden = !on;
    if (on) log.append(withAgentNotice);
    scroll();
  }

  /** An agent's reply, once (the poll and the restored history may both bring it). */
  function addAgentMessage(m: Message) {
    if (shown[m.id]) return;
    shown[m.id] = 1;
    personInvolved = true;
    addMessage('agent', m.text, m.author);
  }

  function showCitations(box: HTMLElement, citations: Citation[]) {
    if (!citations.length) return;
    const list = h('ol', { 'aria-label': 'Sources' });
    for (const c of citations) {
      const href = safeUrl(c.url);
      const label = formatCitationTrail(String(c.title || ''), String(c.heading || ''));
      const li = h('li', { value: String(c.n) });
      li.append(href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, label) : label);
      list.append(li);
    }
    box.append(list);
    scroll();
  }

  function showProducts(box: HTMLElement, products: Product[]) {
    if (!products.length) return;
    const row = h('div', { class: 'k' });
    for (const p of products) {
      const href = safeUrl(p.url);
      // No url: a plain card, not a link that goes nowhere (or to "<page>/null").
      const card = href ? h('a', { class: 'c', href, target: '_blank', rel: 'noopener noreferrer' }) : h('div', { class: 'c' });
      const img = safeUrl(p.imageUrl);
      // No image: a drawn placeholder of the same size, so cards line up and nothing is fetched.
      card.append(img ? h('img', { src: img, alt: '', loading: 'lazy' }) : h('span', { class: 'ph', 'aria-hidden': 'true' }, icon(PICTURE)));
      card.append(h('b', {}, p.title));
      if (p.price != null) {
        let price = String(p.price);
        try {
          price = new Intl.NumberFormat(undefined, { style: 'currency', currency: p.currency || 'EUR' }).format(p.price);
        } catch {
          // unknown currency code: the plain number
        }
        card.append(price);
      }
      row.append(card);
    }
    box.append(row);
    scroll();
  }

  function showFeedback(box: HTMLElement, messageId: string, current: 'up' | 'down' | null) {
    const make = (rating: 'up' | 'down', label: string) => {
      // An SVG icon rather than an emoji (which renders as a box without an emoji font); the label
      // names it for screen readers and, as a tooltip, for everyone.
      const b = h('button', { type: 'button', 'aria-label': label, title: label, 'aria-pressed': String(current === rating), class: rating }, icon(THUMB));
      b.onclick = () => {
        for (const x of Array.from(bar.querySelectorAll('button'))) x.setAttribute('aria-pressed', 'false');
        b.setAttribute('aria-pressed', 'true');
        fetch(api + '/v1/conversations/' + encodeURIComponent(conversationId!) + '/feedback', {
          method: 'POST',
          headers: { ...headers, 'Content-Type': 'application/json' },
          body: JSON.stringify({ messageId, rating }),
        }).catch(() => undefined);
      };
      return b;
    };
    const bar = h('div', { class: 'f' }, 'Helpful?', make('up', 'Helpful'), make('down', 'Not helpful'));
    box.append(bar);
  }

  function offerHandoff(box: HTMLElement) {
    const b = h('button', { type: 'button', class: 'h' }, 'Talk to a person');
    b.onclick = () => {
      b.remove();
      send(HANDOFF_MESSAGE);
    };
    box.append(b);
  }

  /** Server-sent events from a fetch body: calls onEvent(name, data) for each complete event. */
  async function readEvents(res: Response, onEvent: (name: string, data: unknown) => void) {
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let at: number;
      while ((at = buffer.search(/\r?\n\r?\n/)) >= 0) {
        const block = buffer.slice(0, at);
        buffer = buffer.slice(at).replace(/^\r?\n\r?\n/, '');
        let name = 'message';
        let data = '';
        for (const line of block.split(/\r?\n/)) {
          if (line.startsWith('event:')) name = line.slice(6).trim();
          else if (line.startsWith('data:')) data += line.slice(5).trim();
        }
        if (data) onEvent(name, JSON.parse(data));
      }
    }
  }

  async function send(text: string, retried = false) {
    text = text.trim();
    if (!text || busy) return;
    busy = true;
    starters?.remove();
    sendButton.disabled = true;
    if (!retried) addMessage('visitor', text);
    const { box, body } = addMessage('bot', '');
    box.setAttribute('aria-busy', 'true');
    body.textContent = '…';
    let started = false;
    try {
      const res = await fetch(api + '/v1/chat', {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json', Accept: 'text/event-stream' },
        body: JSON.stringify({ message: text, conversationId, userId: userId || trackerVisitor(), userHash }),
      });
      if (res.status === 404 && conversationId && !retried) {
        // The conversation is gone (deleted workspace data): start a new one.
        conversationId = undefined;
        write();
        box.remove();
        busy = false;
        return await send(text, true);
      }
      if (res.status === 429 || res.status >= 500) throw new Error('the assistant is unavailable right now; please try again later.');
      if (!res.ok || !res.body) {
        const err = await res.json().catch(() => null);
        throw new Error((err && err.error && err.error.message) || 'HTTP ' + res.status);
      }
      await readEvents(res, (name, data) => {
        const v = data as Record<string, unknown>;
        if (name === 'delta') {
          if (!started) body.textContent = '';
          started = true;
          body.append(d.createTextNode(String(v.text)));
          scroll();
        } else if (name === 'citations') showCitations(box, v.citations as Citation[]);
        else if (name === 'products') showProducts(box, v.products as Product[]);
        else if (name === 'done') {
          conversationId = String(v.conversationId);
          write(conversationId);
          if (v.withAgent) {
            box.remove();
            setWithAgent(true);
            return;
          }
          showFeedback(box, String(v.messageId), null);
          if (v.handoff) personInvolved = true;
          if (v.handoff && text !== HANDOFF_MESSAGE && !v.answered) offerHandoff(box);
        } else if (name === 'error') throw new Error('The assistant failed; please try again.');
      });
    } catch (err) {
      body.textContent = 'Sorry, something went wrong: ' + (err instanceof Error ? err.message : String(err));
    } finally {
      box.removeAttribute('aria-busy');
      busy = false;
      sendButton.disabled = false;
    }
  }

  async function restore() {
    if (!conversationId) return;
    try {
      const res = await fetch(api + '/v1/conversations/' + encodeURIComponent(conversationId), { headers });
      if (res.status === 404) return write();
      if (!res.ok) return;
      const conv = (await res.json()) as { messages: Message[]; withAgent?: boolean };
      if (conv.messages.length) starters?.remove();
      for (const m of conv.messages) {
        if (m.seq > cursor) cursor = m.seq;
        if (m.role === 'agent') {
          addAgentMessage(m);
          continue;
        }
        const { box } = addMessage(m.role, m.text);
        if (m.role === 'bot') {
          showCitations(box, m.citations);
          showProducts(box, m.products);
          showFeedback(box, m.id, m.feedback);
        }
      }
      setWithAgent(!!conv.withAgent);
    } catch {
      // offline: start empty
    }
  }

  /**
   * Asks for messages after the cursor while the panel is open and the tab visible: the team's
   * replies appear within about a second while a person is involved. Visitor and bot messages come
   * through the visitor's own turns, so only agent replies are added here.
   */
  async function poll() {
    if (!conversationId || !isOpen() || d.visibilityState === 'hidden') return;
    try {
      const res = await fetch(api + '/v1/conversations/' + encodeURIComponent(conversationId) + '/messages?after=' + cursor, { headers });
      if (!res.ok) return;
      const page = (await res.json()) as { messages: Message[]; cursor: number; withAgent: boolean };
      for (const m of page.messages) if (m.role === 'agent') addAgentMessage(m);
      cursor = Math.max(cursor, page.cursor);
      if (page.withAgent !== !withAgentNotice.hidden && !busy) setWithAgent(page.withAgent);
    } catch {
      // offline for a moment: the next tick tries again
    }
  }

  let restored: Promise<void> | undefined;
  const isOpen = () => !panel.hidden;
  function open() {
    if (isOpen()) return;
    panel.hidden = false;
    bubble.setAttribute('aria-expanded', 'true');
    bubble.setAttribute('aria-label', 'Close chat');
    restored ??= restore();
    input.focus();
  }
  function close() {
    if (!isOpen()) return;
    panel.hidden = true;
    bubble.setAttribute('aria-expanded', 'false');
    bubble.setAttribute('aria-label', 'Open chat');
    bubble.focus();
  }

  let lastPoll = 0;
  let polling = false;
  setInterval(() => {
    const now = Date.now();
    if (restored && !polling && now - lastPoll >= (personInvolved ? 1000 : 4000)) {
      lastPoll = now;
      polling = true;
      void restored.then(poll).finally(() => (polling = false));
    }
  }, 250);
  bubble.onclick = () => (isOpen() ? close() : open());
  closeButton.onclick = close;
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
    }
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  form.onsubmit = (e) => {
    e.preventDefault();
    const text = input.value;
    input.value = '';
    send(text);
  };

  const chat: Api = { open, close, send: (text) => void (open(), send(text)) };
  w.cairnChat = chat;

  fetch(api + '/v1/widget/config', { headers })
    .then(async (res) => {
      if (!res.ok) {
        const err = await res.json().catch(() => null);
        throw new Error((err && err.error && err.error.message) || 'HTTP ' + res.status);
      }
      return res.json() as Promise<Config>;
    })
    .then((config) => {
      trackerIds = !config.identityVerification;
      host.style.setProperty('--c', /^#[0-9a-f]{6}$/i.test(config.color) ? config.color : '#4f46e5');
      if (config.position === 'left') frame.className = 'l';
      title.textContent = config.title;
      const { box } = addMessage('bot', config.greeting);
      if (config.botName) box.prepend(h('b', { class: 'n' }, String(config.botName)));
      const questions = (Array.isArray(config.starterQuestions) ? config.starterQuestions : []).slice(0, 4).map(String).filter(Boolean);
      if (questions.length) {
        starters = h('div', { class: 'q', role: 'group', 'aria-label': 'Suggested questions' });
        for (const q of questions) {
          const button = h('button', { type: 'button' }, q);
          button.onclick = () => void send(q);
          starters.append(button);
        }
        log.append(starters);
      }
      (d.body || d.documentElement).append(host);
      chat.loaded = 1;
    })
    .catch((err: unknown) => console.warn('[cairn] chat widget disabled: ' + (err instanceof Error ? err.message : String(err))));
})(window, document);
