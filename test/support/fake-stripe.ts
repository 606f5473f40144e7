// A local fake of the Stripe API for tests: it speaks the wire protocol the `stripe` client uses
// (form-encoded requests with bracket notation, JSON responses, Bearer auth, Idempotency-Key) for
// the objects Cairn needs: customers, checkout sessions, billing portal sessions, subscriptions,
// invoices, billing meter events (deduplicated by `identifier`, as Stripe does), and for the setup
// command meters, products and prices. It records every request, can be told to fail (500, hang
// before or after accepting), serves a tiny checkout and portal page for browser tests, and
// delivers signed webhook events (stripe.webhooks.generateTestHeaderString) to a target URL.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, unknown>;
  body: Record<string, unknown>;
  idempotencyKey?: string;
  at: number;
}

export type FailureMode = 'error500' | 'hang' | 'hangAfterAccept';
interface FailureRule {
  method?: string;
  path: string | RegExp;
  /** Only requests whose parsed body matches. */
  match?: (body: Record<string, unknown>) => boolean;
  mode: FailureMode;
  remaining: number;
}

type Obj = Record<string, unknown> & { id: string };
export interface FakeStripeEvent {
  id: string;
  object: 'event';
  type: string;
  created: number;
  livemode: false;
  api_version: string;
  pending_webhooks: number;
  request: { id: null; idempotency_key: null };
  data: { object: Obj };
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;
const now = () => Math.floor(Date.now() / 1000);

/** `a[b][0][c]=v` pairs -> nested objects and arrays, as Stripe reads them. */
export function parseStripeForm(text: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const path = rawKey.replace(/\]/g, '').split('[');
    let node: Record<string, unknown> = root;
    for (let i = 0; i < path.length - 1; i++) {
      const seg = path[i]!;
      node[seg] ??= {};
      node = node[seg] as Record<string, unknown>;
    }
    const last = path.at(-1)!;
    // `expand[]=x` style: an empty last segment appends.
    if (last === '') {
      const arr = Object.keys(node).length;
      node[String(arr)] = value;
    } else node[last] = value;
  }
  return arrayify(root) as Record<string, unknown>;
}

function arrayify(v: unknown): unknown {
  if (!v || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  for (const k of keys) o[k] = arrayify(o[k]);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) return keys.sort((a, b) => Number(a) - Number(b)).map((k) => o[k]);
  return o;
}

class StripeError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    readonly param?: string,
  ) {
    super(message);
  }
}

export async function startFakeStripe(opts: { secretKey?: string; webhookSecret?: string; priceAmounts?: Record<string, number> } = {}) {
  const secretKey = opts.secretKey ?? 'sk_test_fake_cairn';
  let webhookSecret = opts.webhookSecret ?? `whsec_${randomBytes(16).toString('hex')}`;
  let webhookUrl: string | undefined;
  const priceAmounts = new Map(Object.entries(opts.priceAmounts ?? {}));

  const requests: RecordedRequest[] = [];
  const customers = new Map<string, Obj>();
  const sessions = new Map<string, Obj>();
  const portalSessions = new Map<string, Obj>();
  const subscriptions = new Map<string, Obj>();
  const invoices = new Map<string, Obj>();
  const meterEvents = new Map<string, Obj>();
  const meters = new Map<string, Obj>();
  const products = new Map<string, Obj>();
  const prices = new Map<string, Obj>();
  const events: FakeStripeEvent[] = [];
  const deliveries: { eventId: string; type: string; status: number; body: string }[] = [];
  let duplicateMeterEvents = 0;
  const failures: FailureRule[] = [];
  let latencyMs = 0;
  const hung = new Set<http.ServerResponse>();
  // Idempotency keys replay the first response, as Stripe does (for 24 hours).
  const idempotent = new Map<string, { status: number; body: unknown }>();

  let base = '';

  const list = (data: Obj[], url: string) => ({ object: 'list', data, has_more: false, url });
  const need = (body: Record<string, unknown>, name: string) => {
    if (body[name] === undefined || body[name] === '') throw new StripeError(400, `Missing required param: ${name}.`, 'parameter_missing', name);
    return body[name];
  };
  const get = (map: Map<string, Obj>, key: string, what: string) => {
    const o = map.get(key);
    if (!o) throw new StripeError(404, `No such ${what}: '${key}'`, 'resource_missing', 'id');
    return o;
  };

  function subscriptionObject(customer: string, lineItems: { price: string; quantity?: string }[], metadata: Record<string, unknown>): Obj {
    const start = now();
    const end = start + 30 * 86_400;
    const subId = id('sub');
    return {
      id: subId,
      object: 'subscription',
      customer,
      status: 'active',
      cancel_at_period_end: false,
      canceled_at: null,
      created: start,
      livemode: false,
      metadata,
      latest_invoice: null,
      items: {
        object: 'list',
        has_more: false,
        url: `/v1/subscription_items?subscription=${subId}`,
        data: lineItems.map((li) => ({
          id: id('si'),
          object: 'subscription_item',
          subscription: subId,
          price: { id: li.price, object: 'price', recurring: { interval: 'month', usage_type: li.quantity ? 'licensed' : 'metered' } },
          quantity: li.quantity ? Number(li.quantity) : undefined,
          current_period_start: start,
          current_period_end: end,
        })),
      },
    };
  }

  function invoiceFor(sub: Obj, status: 'paid' | 'open'): Obj {
    const items = (sub.items as { data: { price: { id: string } }[] }).data;
    const amount = items.reduce((s, i) => s + (priceAmounts.get(i.price.id) ?? 0), 0);
    const inv: Obj = {
      id: id('in'),
      object: 'invoice',
      customer: sub.customer,
      number: `CAIRN-${String(invoices.size + 1).padStart(4, '0')}`,
      status,
      currency: 'usd',
      amount_due: amount,
      amount_paid: status === 'paid' ? amount : 0,
      total: amount,
      created: now(),
      period_start: now(),
      period_end: now() + 30 * 86_400,
      hosted_invoice_url: `${base}/invoices/${invoices.size + 1}`,
      invoice_pdf: `${base}/invoices/${invoices.size + 1}.pdf`,
      parent: { type: 'subscription_details', subscription_details: { subscription: sub.id, metadata: sub.metadata } },
      livemode: false,
    };
    invoices.set(inv.id, inv);
    sub.latest_invoice = inv.id;
    return inv;
  }

  function event(type: string, object: Obj): FakeStripeEvent {
    const e: FakeStripeEvent = {
      id: id('evt'),
      object: 'event',
      type,
      created: now(),
      livemode: false,
      api_version: Stripe.API_VERSION,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object: structuredClone(object) },
    };
    events.push(e);
    return e;
  }

  /** Signs and POSTs an event to the webhook target; resolves with the target's answer. */
  async function deliver(e: FakeStripeEvent | string, o: { url?: string; secret?: string; timestamp?: number; tamper?: (payload: string) => string } = {}) {
    const target = o.url ?? webhookUrl;
    if (!target) throw new Error('fake Stripe: no webhook target set');
    const payload = typeof e === 'string' ? e : JSON.stringify(e, null, 2);
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: o.secret ?? webhookSecret, ...(o.timestamp ? { timestamp: o.timestamp } : {}) });
    const res = await fetch(target, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Stripe-Signature': header, 'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' },
      body: o.tamper ? o.tamper(payload) : payload,
    });
    const body = await res.text();
    if (typeof e !== 'string') deliveries.push({ eventId: e.id, type: e.type, status: res.status, body });
    return { status: res.status, body };
  }

  function completeCheckout(sessionId: string): { subscription: Obj; invoice: Obj; events: FakeStripeEvent[] } {
    const s = get(sessions, sessionId, 'checkout session');
    if (s.status !== 'open') throw new StripeError(400, 'This Checkout Session is no longer open.');
    const lineItems = (s.line_items_input as { price: string; quantity?: string }[]) ?? [];
    const sub = subscriptionObject(s.customer as string, lineItems, (s.subscription_metadata as Record<string, unknown>) ?? {});
    subscriptions.set(sub.id, sub);
    const inv = invoiceFor(sub, 'paid');
    Object.assign(s, { status: 'complete', payment_status: 'paid', subscription: sub.id });
    const out = [event('customer.subscription.created', sub), event('invoice.paid', inv), event('checkout.session.completed', publicSession(s))];
    return { subscription: sub, invoice: inv, events: out };
  }

  /** A session as the API shows it (without the fake's own bookkeeping fields). */
  const publicSession = (s: Obj): Obj => {
    const out: Obj = { ...s };
    delete out.line_items_input;
    delete out.subscription_metadata;
    return out;
  };

  /** Changes a subscription as the dashboard or the portal would; returns the update event. */
  function updateSubscription(subId: string, change: { status?: string; cancelAtPeriodEnd?: boolean; priceFrom?: string; priceTo?: string }) {
    const sub = get(subscriptions, subId, 'subscription');
    if (change.status) sub.status = change.status;
    if (change.cancelAtPeriodEnd !== undefined) sub.cancel_at_period_end = change.cancelAtPeriodEnd;
    if (change.priceFrom && change.priceTo) {
      for (const item of (sub.items as { data: { price: { id: string } }[] }).data) if (item.price.id === change.priceFrom) item.price.id = change.priceTo;
    }
    if (sub.status === 'canceled') {
      sub.canceled_at = now();
      return event('customer.subscription.deleted', sub);
    }
    return event('customer.subscription.updated', sub);
  }

  function failInvoice(subId: string) {
    const sub = get(subscriptions, subId, 'subscription');
    const inv = invoiceFor(sub, 'open');
    sub.status = 'past_due';
    return [event('invoice.payment_failed', inv), event('customer.subscription.updated', sub)];
  }

  // ---- the API ------------------------------------------------------------------------------
  function route(method: string, path: string, query: Record<string, unknown>, body: Record<string, unknown>): unknown {
    let m: RegExpMatchArray | null;
    if (method === 'POST' && path === '/v1/customers') {
      const c: Obj = { id: id('cus'), object: 'customer', created: now(), livemode: false, email: body.email ?? null, name: body.name ?? null, metadata: body.metadata ?? {} };
      customers.set(c.id, c);
      return c;
    }
    if (method === 'GET' && (m = path.match(/^\/v1\/customers\/([^/]+)$/))) return get(customers, m[1]!, 'customer');
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      if (need(body, 'mode') !== 'subscription') throw new StripeError(400, 'Only subscription mode is faked', undefined, 'mode');
      const customer = need(body, 'customer') as string;
      get(customers, customer, 'customer');
      const lineItems = need(body, 'line_items') as { price: string; quantity?: string }[];
      if (!Array.isArray(lineItems) || lineItems.length === 0) throw new StripeError(400, 'line_items must be a non-empty array', undefined, 'line_items');
      for (const li of lineItems) if (!li.price) throw new StripeError(400, 'Each line item needs a price', 'parameter_missing', 'line_items');
      const sId = id('cs_test');
      const s: Obj = {
        id: sId,
        object: 'checkout.session',
        mode: 'subscription',
        status: 'open',
        payment_status: 'unpaid',
        customer,
        client_reference_id: body.client_reference_id ?? null,
        metadata: body.metadata ?? {},
        success_url: need(body, 'success_url'),
        cancel_url: body.cancel_url ?? null,
        subscription: null,
        url: `${base}/checkout/${sId}`,
        created: now(),
        livemode: false,
        line_items_input: lineItems,
        subscription_metadata: (body.subscription_data as { metadata?: unknown } | undefined)?.metadata ?? {},
      };
      sessions.set(sId, s);
      return publicSession(s);
    }
    if (method === 'GET' && (m = path.match(/^\/v1\/checkout\/sessions\/([^/]+)$/))) return publicSession(get(sessions, m[1]!, 'checkout session'));
    if (method === 'POST' && path === '/v1/billing_portal/sessions') {
      const customer = need(body, 'customer') as string;
      get(customers, customer, 'customer');
      const p: Obj = { id: id('bps'), object: 'billing_portal.session', customer, return_url: body.return_url ?? null, url: '', created: now(), livemode: false };
      p.url = `${base}/portal/${p.id}`;
      portalSessions.set(p.id, p);
      return p;
    }
    if (method === 'GET' && (m = path.match(/^\/v1\/subscriptions\/([^/]+)$/))) return get(subscriptions, m[1]!, 'subscription');
    // subscriptions.cancel: ends it now (as Stripe does without cancel_at_period_end) and queues the event.
    if (method === 'DELETE' && (m = path.match(/^\/v1\/subscriptions\/([^/]+)$/))) {
      const sub = get(subscriptions, m[1]!, 'subscription');
      if (sub.status === 'canceled') throw new StripeError(400, `No such subscription: '${sub.id}' (it is canceled)`, 'resource_missing', 'id');
      updateSubscription(sub.id as string, { status: 'canceled' });
      return sub;
    }
    if (method === 'GET' && path === '/v1/subscriptions') {
      return list([...subscriptions.values()].filter((s) => !query.customer || s.customer === query.customer), '/v1/subscriptions');
    }
    if (method === 'GET' && path === '/v1/invoices') {
      const limit = Number(query.limit ?? 10);
      const data = [...invoices.values()].filter((i) => !query.customer || i.customer === query.customer).sort((a, b) => (b.created as number) - (a.created as number));
      return list(data.slice(0, limit), '/v1/invoices');
    }
    if (method === 'GET' && (m = path.match(/^\/v1\/invoices\/([^/]+)$/))) return get(invoices, m[1]!, 'invoice');
    if (method === 'POST' && path === '/v1/billing/meter_events') {
      const eventName = need(body, 'event_name') as string;
      const payload = (need(body, 'payload') as Record<string, string>) ?? {};
      const customer = payload.stripe_customer_id;
      if (!customer || !customers.has(customer)) throw new StripeError(400, `No such customer: '${customer}'`, 'resource_missing', 'payload[stripe_customer_id]');
      if (!/^\d+(\.\d+)?$/.test(payload.value ?? '')) throw new StripeError(400, 'payload[value] must be a number', undefined, 'payload[value]');
      const identifier = (body.identifier as string | undefined) ?? id('mev');
      if (identifier.length > 100) throw new StripeError(400, 'identifier is longer than 100 characters', undefined, 'identifier');
      const timestamp = body.timestamp ? Number(body.timestamp) : now();
      if (timestamp < now() - 35 * 86_400 || timestamp > now() + 300) throw new StripeError(400, 'timestamp must be within the past 35 days and at most 5 minutes in the future', undefined, 'timestamp');
      const seen = meterEvents.get(identifier);
      if (seen) {
        duplicateMeterEvents++;
        return seen; // uniqueness of identifiers is enforced: the event is not counted again
      }
      const ev: Obj = { id: identifier, object: 'billing.meter_event', event_name: eventName, identifier, payload, timestamp, created: now(), livemode: false };
      meterEvents.set(identifier, ev);
      return ev;
    }
    if (method === 'POST' && path === '/v1/billing/meters') {
      const meter: Obj = { id: id('mtr'), object: 'billing.meter', event_name: need(body, 'event_name'), display_name: body.display_name, status: 'active', default_aggregation: body.default_aggregation, livemode: false };
      meters.set(meter.id, meter);
      return meter;
    }
    if (method === 'GET' && path === '/v1/billing/meters') return list([...meters.values()], '/v1/billing/meters');
    if (method === 'POST' && path === '/v1/products') {
      const product: Obj = { id: id('prod'), object: 'product', name: need(body, 'name'), metadata: body.metadata ?? {}, active: true, livemode: false };
      products.set(product.id, product);
      return product;
    }
    if (method === 'POST' && path === '/v1/prices') {
      const price: Obj = { id: id('price'), object: 'price', product: need(body, 'product'), currency: need(body, 'currency'), ...body, livemode: false };
      prices.set(price.id, price);
      if (body.unit_amount) priceAmounts.set(price.id, Number(body.unit_amount));
      return price;
    }
    throw new StripeError(404, `Unrecognized request URL (${method}: ${path}).`);
  }

  function html(res: http.ServerResponse, status: number, body: string) {
    res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head><title>Fake Stripe</title></head><body>${body}</body></html>`);
  }

  async function pages(method: string, path: string, res: http.ServerResponse): Promise<boolean> {
    let m: RegExpMatchArray | null;
    if (method === 'GET' && (m = path.match(/^\/checkout\/([^/]+)$/))) {
      const s = sessions.get(m[1]!);
      if (!s) return (html(res, 404, 'No such session'), true);
      const items = (s.line_items_input as { price: string }[]).map((li) => `<li>${li.price}</li>`).join('');
      html(res, 200, `<h1>Fake Stripe Checkout</h1><ul>${items}</ul><form method="post" action="/checkout/${s.id}/pay"><button type="submit">Subscribe</button></form>`);
      return true;
    }
    if (method === 'POST' && (m = path.match(/^\/checkout\/([^/]+)\/pay$/))) {
      const s = get(sessions, m[1]!, 'checkout session');
      const done = completeCheckout(s.id);
      if (webhookUrl) for (const e of done.events) await deliver(e);
      res.writeHead(303, { Location: String(s.success_url).replace('{CHECKOUT_SESSION_ID}', s.id) });
      res.end();
      return true;
    }
    if (method === 'GET' && (m = path.match(/^\/portal\/([^/]+)$/))) {
      const p = portalSessions.get(m[1]!);
      if (!p) return (html(res, 404, 'No such portal session'), true);
      html(res, 200, `<h1>Fake Stripe customer portal</h1><form method="post" action="/portal/${p.id}/cancel"><button type="submit">Cancel plan</button></form><a href="${p.return_url}">Return</a>`);
      return true;
    }
    if (method === 'POST' && (m = path.match(/^\/portal\/([^/]+)\/cancel$/))) {
      const p = get(portalSessions, m[1]!, 'portal session');
      for (const sub of subscriptions.values()) {
        if (sub.customer === p.customer && sub.status !== 'canceled') {
          const e = updateSubscription(sub.id, { status: 'canceled' });
          if (webhookUrl) await deliver(e);
        }
      }
      res.writeHead(303, { Location: String(p.return_url) });
      res.end();
      return true;
    }
    return false;
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', base);
        const method = req.method ?? 'GET';
        const text = Buffer.concat(chunks).toString();
        try {
          if (!url.pathname.startsWith('/v1/')) {
            if (await pages(method, url.pathname, res)) return;
            return html(res, 404, 'Not found');
          }
          const body = method === 'GET' ? {} : parseStripeForm(text);
          const query = parseStripeForm(url.search.slice(1));
          const idempotencyKey = (req.headers['idempotency-key'] as string | undefined) ?? undefined;
          requests.push({ method, path: url.pathname, query, body, ...(idempotencyKey ? { idempotencyKey } : {}), at: Date.now() });
          if (req.headers.authorization !== `Bearer ${secretKey}`) throw new StripeError(401, 'Invalid API Key provided');
          if (latencyMs) await new Promise((r) => setTimeout(r, latencyMs));
          const rule = failures.find(
            (f) =>
              f.remaining > 0 &&
              (!f.method || f.method === method) &&
              (typeof f.path === 'string' ? f.path === url.pathname : f.path.test(url.pathname)) &&
              (!f.match || f.match(body)),
          );
          if (rule) rule.remaining--;
          if (rule?.mode === 'error500') throw new StripeError(500, 'An unknown error occurred (injected)', 'api_error');
          if (rule?.mode === 'hang') return void hung.add(res);
          const replay = idempotencyKey && method === 'POST' ? idempotent.get(idempotencyKey) : undefined;
          const result = replay ?? { status: 200, body: route(method, url.pathname, query, body) };
          if (idempotencyKey && method === 'POST') idempotent.set(idempotencyKey, result);
          if (rule?.mode === 'hangAfterAccept') return void hung.add(res);
          res.writeHead(result.status, { 'Content-Type': 'application/json', 'Request-Id': id('req'), ...(replay ? { 'Idempotent-Replayed': 'true' } : {}) });
          res.end(JSON.stringify(result.body));
        } catch (err) {
          const e = err instanceof StripeError ? err : new StripeError(500, (err as Error).message);
          const type = e.status === 401 ? 'invalid_request_error' : e.status >= 500 ? 'api_error' : 'invalid_request_error';
          res.writeHead(e.status, { 'Content-Type': 'application/json', 'Request-Id': id('req') });
          res.end(JSON.stringify({ error: { type, message: e.message, ...(e.code ? { code: e.code } : {}), ...(e.param ? { param: e.param } : {}) } }));
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;

  return {
    url: base,
    port,
    secretKey,
    get webhookSecret() {
      return webhookSecret;
    },
    /** Environment for a process that should talk to this fake. */
    env: (extra: Record<string, string> = {}) => ({ STRIPE_SECRET_KEY: secretKey, STRIPE_WEBHOOK_SECRET: webhookSecret, STRIPE_API_BASE: base, ...extra }),
    setWebhookTarget(url: string, secret?: string) {
      webhookUrl = url;
      if (secret) webhookSecret = secret;
    },
    requests,
    customers,
    sessions,
    subscriptions,
    invoices,
    meterEvents,
    meters,
    products,
    prices,
    events,
    deliveries,
    get duplicateMeterEvents() {
      return duplicateMeterEvents;
    },
    /** The next `count` matching requests fail in the given way. */
    fail(rule: { method?: string; path: string | RegExp; mode: FailureMode; count: number; match?: (body: Record<string, unknown>) => boolean }) {
      failures.push({ method: rule.method, path: rule.path, mode: rule.mode, remaining: rule.count, ...(rule.match ? { match: rule.match } : {}) });
    },
    clearFailures() {
      failures.length = 0;
    },
    setLatency(ms: number) {
      latencyMs = ms;
    },
    /** Sum of meter event values per `${customer} ${event_name}`, each identifier counted once. */
    meterTotals(): Map<string, number> {
      const out = new Map<string, number>();
      for (const e of meterEvents.values()) {
        const p = e.payload as Record<string, string>;
        const k = `${p.stripe_customer_id} ${e.event_name}`;
        out.set(k, (out.get(k) ?? 0) + Number(p.value));
      }
      return out;
    },
    event,
    deliver,
    completeCheckout,
    updateSubscription,
    failInvoice,
    close: async () => {
      for (const res of hung) res.socket?.destroy();
      hung.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeStripe = Awaited<ReturnType<typeof startFakeStripe>>;
