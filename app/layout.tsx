import type { Metadata } from 'next';
import localFont from 'next/font/local';
import { connection } from 'next/server';
import './globals.css';

// Self-hosted font (next/font/google needs the internet at build time).
const inter = localFont({
  src: '../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2',
  variable: '--font-inter',
  display: 'swap',
});

export const metadata: Metadata = {
  title: { default: 'Cairn', template: '%s · Cairn' },
  description: 'Recommendations, chat, sentiment and embeddings for your product, billed by usage.',
};

// Every page renders per request: the CSP set by proxy.ts carries a fresh nonce, and Next.js can
// only put it on the scripts of a page it renders now (a prerendered page's scripts would be blocked).
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  await connection();
  return (
    <html lang="en" className={inter.variable}>
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
