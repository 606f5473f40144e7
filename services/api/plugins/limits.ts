// Rate limits and monthly quotas: composable guards that run after auth (plugins/auth.ts).
//  - onRequest: requests/s with burst per API key and per workspace, by plan (counters in Redis with
//    REDIS_URL, else in the api cluster's primary or this process: rate-limit/limiter-store.ts).
//  - preHandler: the monthly quota of the meter a route declares, after its input is validated
//    (capped plans reserve the units in PostgreSQL, exact across api processes; the reservation
//    settles when the response closes, giving back what the handler did not use).
// A metered route declares what it consumes in its route config:
//   config: { meter: 'events', units: (req) => (req.body as { events: unknown[] }).events.length }
// `units` defaults to 1 per request. Free stops at the cap (429 quota_exceeded); paid plans go on
// (overage). For paid plans neither guard waits on the database while the cached state is fresh;
// a capped plan's quota check is one round trip (billing-state.ts, reserveUnits).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { env } from '@/services/config/env';
import { AppError } from '@/services/errors/app-error';
import { formatCount } from '@/services/billing/format-count';
import { billingState, reserveUnits, settleUnits, type BillingState, type QuotaHold } from '@/services/billing/billing-state';
import { startBillingChangeListener } from '@/services/billing/billing-change-listener';
import type { Plan, RateLimit } from '@/services/billing/plans';
import { consumeRequest, type RateDecision } from '@/services/rate-limit/consume-request';
import { redisClient } from '@/services/redis/redis-client';
import { METER_LABELS, type Meter } from '@/services/metering/meters';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The billable meter this route consumes; its monthly quota is checked before the handler. */
    meter?: Meter;
    /** Units one request consumes, computed from the validated request; default 1. */
    units?: (req: FastifyRequest) => number;
  }
  interface FastifyRequest {
    billing: BillingState | null;
    /** Set by a metered handler that used fewer units than it reserved (events: duplicates are not billed). */
    meteredUnits: number | null;
    /** This request's quota reservation (capped plans), until it is settled. */
    quotaHold: { state: BillingState; hold: QuotaHold; settled: boolean } | null;
  }
}

const epochSeconds = (ms: number) => Math.ceil(ms / 1000);

function setRateHeaders(reply: FastifyReply, d: RateDecision, now: number) {
  reply.header('X-RateLimit-Limit', d.limit);
  reply.header('X-RateLimit-Remaining', d.remaining);
  reply.header('X-RateLimit-Reset', epochSeconds(now + d.resetMs));
}

export function registerLimits(app: FastifyInstance) {
  const e = env();
  if (!e.API_LIMITS) return;
  // Connects (with this logger for outages) before the first request needs the counters.
  redisClient(app.log);
  // Legacy RATE_LIMIT_MULTIPLIER (env.ts): still honoured when set; shared counters made it unneeded.
  const multiplier = e.RATE_LIMIT_MULTIPLIER;
  // The plans' limits scaled once per plan (the same objects every request: no allocation).
  const scaledLimits = new Map<Plan, { perKey: RateLimit; perWorkspace: RateLimit }>();
  const scale = (l: RateLimit): RateLimit => (multiplier === 1 ? l : { perSecond: l.perSecond * multiplier, burst: l.burst * multiplier });
  const limitsOf = (plan: Plan) => {
    let l = scaledLimits.get(plan);
    if (!l) scaledLimits.set(plan, (l = { perKey: scale(plan.rateLimit.perKey), perWorkspace: scale(plan.rateLimit.perWorkspace) }));
    return l;
  };

  app.decorateRequest('billing', null);
  app.decorateRequest('meteredUnits', null);
  app.decorateRequest('quotaHold', null);

  let listener: ReturnType<typeof startBillingChangeListener> | undefined;
  app.addHook('onReady', async () => {
    listener = startBillingChangeListener({ connectionString: e.DATABASE_URL, log: app.log });
  });
  app.addHook('onClose', async () => {
    await listener?.stop();
  });

  // Rate limits: after auth (global hooks run before route hooks), before the body is read.
  // Callback-style, as every hook on the hot path: no async wrapper, one promise chain per counter.
  // Kept on purpose: the same guards as async hooks served GET /v1/me measurably slower in
  // bench:api, side by side (docs/operations.md, "Guards: callbacks, measured").
  const decide = (reply: FastifyReply, state: BillingState, perKey: RateDecision, perWorkspace: RateDecision, now: number) => {
    const denied = !perKey.allowed ? perKey : !perWorkspace.allowed ? perWorkspace : null;
    if (!denied) {
      setRateHeaders(reply, perKey, now);
      return;
    }
    setRateHeaders(reply, denied, now);
    const retryAfter = Math.max(1, Math.ceil(denied.resetMs / 1000));
    reply.header('Retry-After', retryAfter);
    const scope = denied === perKey ? 'API key' : 'workspace';
    throw new AppError(
      'rate_limited',
      `Rate limit exceeded: the ${state.plan.name} plan allows ${formatCount(denied.limit)} requests/s per ${scope} (plus bursts); retry after ${retryAfter} s`,
    );
  };
  // No named closure per request here: under tsx every one created costs a defineProperty (keepNames).
  const count = (req: FastifyRequest, reply: FastifyReply, state: BillingState, done: (err?: Error) => void) => {
    const key = req.apiKey;
    req.billing = state;
    const limits = limitsOf(state.plan);
    const now = Date.now();
    // Publishable keys serve many browsers: counted per key and client address. The workspace
    // counter is asked only when the key's counter allows the request (a refused request costs nothing there).
    // A refusal thrown by decide() reaches `done` as the chain's rejection.
    consumeRequest(key.type === 'publishable' ? `k:${key.keyId}:${req.ip}` : `k:${key.keyId}`, limits.perKey)
      .then((perKey) =>
        perKey.allowed
          ? consumeRequest(`w:${key.workspaceId}`, limits.perWorkspace).then((perWorkspace) => decide(reply, state, perKey, perWorkspace, now))
          : decide(reply, state, perKey, perKey, now),
      )
      .then(() => done(), done);
  };
  const rateLimit = (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
    const key = req.apiKey;
    if (!key) return done(); // preflights
    const cached = billingState(key.workspaceId, key.plan);
    if (cached instanceof Promise) cached.then((state) => count(req, reply, state, done), (err: Error) => done(err));
    else count(req, reply, cached, done);
  };

  // Quotas: after validation, so a route can count its units from the parsed body.
  const checkQuota = (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
    if (!req.routeOptions.config.meter || !req.apiKey) return done();
    const known = req.billing ?? billingState(req.apiKey.workspaceId, req.apiKey.plan);
    // Paid plans: nothing to reserve, no promise on their path.
    if (!(known instanceof Promise) && !known.plan.hardCap) return done();
    // A refusal thrown by reserveQuota reaches `done` as the chain's rejection.
    Promise.resolve(known).then((state) => reserveQuota(req, reply, state)).then(() => done(), done);
  };
  const reserveQuota = async (req: FastifyRequest, reply: FastifyReply, state: BillingState) => {
    const config = req.routeOptions.config;
    const meter = config.meter!;
    if (!state.plan.hardCap) return; // paid plans: overage, billed through Stripe
    const units = config.units ? config.units(req) : 1;
    if (!(units > 0)) return;
    const { hold, used } = await reserveUnits(state, meter, units);
    if (hold) {
      // The reservation becomes usage when the response ends well, and is released when it ends in
      // an error or the client goes away first; what the handler reports it did not use goes back
      // too. Only capped plans reserve, so only they pay for the listener.
      const res = reply.raw;
      const held = (req.quotaHold = { state, hold, settled: false });
      res.once('close', () => {
        if (held.settled) return;
        settleUnits(state, hold, res.writableFinished && res.statusCode < 400, req.meteredUnits ?? undefined).catch((err: Error) =>
          req.log.error({ err, workspaceId: state.workspaceId, meter }, 'could not release quota units'),
        );
      });
      return;
    }
    const included = state.plan.included[meter];
    const remaining = Math.max(0, included - used);
    const now = Date.now();
    const end = state.periodEnd.getTime();
    reply.header('X-RateLimit-Limit', included);
    reply.header('X-RateLimit-Remaining', remaining);
    reply.header('X-RateLimit-Reset', epochSeconds(end));
    reply.header('Retry-After', Math.max(1, Math.ceil((end - now) / 1000)));
    throw new AppError(
      'quota_exceeded',
      `Monthly quota reached: the ${state.plan.name} plan includes ${formatCount(included)} ${meter} units (${METER_LABELS[meter].toLowerCase()}) ` +
        `and ${formatCount(remaining)} remain${units > 1 ? `, this request needs ${formatCount(units)}` : ''}. ` +
        `The quota resets on ${state.periodEnd.toISOString().slice(0, 10)}; upgrade at ${e.PUBLIC_WEB_URL}/dashboard/${state.workspaceId}/billing to continue now.`,
    );
  };

  // A handler that reports what it used (ingestion: stored events, committed) settles before the
  // answer goes out, so the units it gives back are free for the client's next request.
  const settleReported = (req: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: Error | null, payload: unknown) => void) => {
    const held = req.quotaHold;
    if (!held || held.settled || req.meteredUnits === null || reply.statusCode >= 400) return done(null, payload);
    held.settled = true;
    settleUnits(held.state, held.hold, true, req.meteredUnits).then(
      () => done(null, payload),
      (err: Error) => {
        req.log.error({ err, workspaceId: held.state.workspaceId }, 'could not release quota units');
        done(null, payload);
      },
    );
  };

  // Hooks go only on the routes that need them (a global hook costs every request, even public ones).
  const append = <T>(existing: T | T[] | undefined, hook: T): T[] => [...(existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]), hook];
  app.addHook('onRoute', (route) => {
    const config = (route.config ?? {}) as { public?: boolean; meter?: Meter };
    if (config.public) return;
    route.onRequest = append(route.onRequest, rateLimit) as typeof route.onRequest;
    if (config.meter) {
      route.preHandler = append(route.preHandler, checkQuota) as typeof route.preHandler;
      route.onSend = append(route.onSend, settleReported) as typeof route.onSend;
    }
  });
}
