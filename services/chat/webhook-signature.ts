import { createHmac } from 'node:crypto';

/** The header a receiver verifies (docs/chat.md, "Live handoff"). */
export const SIGNATURE_HEADER = 'Cairn-Signature';

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, Stripe's scheme: the timestamp is
 * signed with the body, so a receiver that refuses old timestamps cannot be replayed to.
 */
export function signWebhook(secret: string, body: string, unixSeconds = Math.floor(Date.now() / 1000)): string {
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${v1}`;
}
