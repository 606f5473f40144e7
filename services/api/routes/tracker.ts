// GET /tracker.js - the browser tracker script (public; cached, ETag, gzip when accepted)
import type { ApiApp } from '../api-app';
import { sendScript } from '../send-script';

export function trackerRoutes(app: ApiApp) {
  app.get('/tracker.js', { config: { public: true }, schema: { hide: true } }, (req, reply) => sendScript('tracker', req, reply));
}
