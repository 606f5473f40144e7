'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const ITEMS = [
  { slug: '', label: 'Overview', icon: 'M3 11l9-7 9 7v9a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1z' },
  { slug: 'api-keys', label: 'API keys', icon: 'M15 7a4 4 0 1 1-3.9 4.9L4 19v-3h2v-2h2l1.1-1.1A4 4 0 0 1 15 7zm1 3h.01' },
  { slug: 'events', label: 'Events', icon: 'M3 12h4l3-8 4 16 3-8h4' },
  { slug: 'users', label: 'Users', icon: 'M16 19v-1a4 4 0 0 0-4-4H8a4 4 0 0 0-4 4v1M10 10a3 3 0 1 0 0-6 3 3 0 0 0 0 6z' },
  { slug: 'catalog', label: 'Catalog', icon: 'M4 7l8-4 8 4-8 4-8-4zm0 5l8 4 8-4M4 17l8 4 8-4' },
  { slug: 'recommendations', label: 'Recommendations', icon: 'M12 3l2.7 5.5 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.8 1-6.1-4.4-4.3 6.1-.9z' },
  { slug: 'knowledge', label: 'Knowledge base', icon: 'M4 5a2 2 0 0 1 2-2h12v16H6a2 2 0 0 0-2 2zm0 0v16M8 7h6m-6 4h6' },
  { slug: 'inbox', label: 'Inbox', icon: 'M4 13l2-8h12l2 8m-16 0v6h16v-6m-16 0h5l1 2h4l1-2h5' },
  { slug: 'chatbot', label: 'Chat widget', icon: 'M4 5h16v11H9l-5 4z' },
  { slug: 'bot-settings', label: 'Bot settings', icon: 'M12 8V4H8M4 12a8 8 0 0 1 8-8m-6 8h12v8H6zm3 3h.01m5.99 0h.01' },
  { slug: 'chat-analytics', label: 'Chat analytics', icon: 'M4 19h16M7 16v-4m5 4V8m5 8v-6' },
  { slug: 'bot-tests', label: 'Test your bot', icon: 'M9 11l2 2 4-4M5 4h14v16H5z' },
  { slug: 'import', label: 'Import', icon: 'M12 3v12m0 0l-4-4m4 4l4-4M4 17v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2' },
  { slug: 'members', label: 'Members', icon: 'M16 19v-1a4 4 0 0 0-4-4H7a4 4 0 0 0-4 4v1M9.5 10a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM21 19v-1a4 4 0 0 0-3-3.9M16 4.1a3 3 0 0 1 0 5.8' },
  { slug: 'models', label: 'Models', icon: 'M12 3l8 4.5v9L12 21l-8-4.5v-9L12 3zm0 0v18M4 7.5l8 4.5 8-4.5' },
  { slug: 'usage', label: 'Usage', icon: 'M4 20V10m6 10V4m6 16v-7m5 7H3' },
  { slug: 'billing', label: 'Billing', icon: 'M3 7a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2zm0 3h18M7 15h4', admin: true },
  { slug: 'audit-log', label: 'Audit log', icon: 'M9 5h10M9 12h10M9 19h10M5 5h.01M5 12h.01M5 19h.01', admin: true },
  { slug: 'api-reference', label: 'API reference', icon: 'M8 7l-5 5 5 5m8-10l5 5-5 5M14 4l-4 16' },
  { slug: 'settings', label: 'Settings', icon: 'M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zm7.4-3a7.4 7.4 0 0 0-.1-1.3l2-1.6-2-3.4-2.4 1a7.5 7.5 0 0 0-2.2-1.3L14.3 3h-4l-.4 2.4a7.5 7.5 0 0 0-2.2 1.3l-2.4-1-2 3.4 2 1.6a7.4 7.4 0 0 0 0 2.6l-2 1.6 2 3.4 2.4-1a7.5 7.5 0 0 0 2.2 1.3l.4 2.4h4l.4-2.4a7.5 7.5 0 0 0 2.2-1.3l2.4 1 2-3.4-2-1.6c.1-.4.1-.9.1-1.3z' },
] as const;

/** Workspace navigation: a vertical list on large screens, a scrollable row on small ones. */
export function SidebarNav({ workspaceId, isAdmin }: { workspaceId: string; isAdmin: boolean }) {
  const pathname = usePathname();
  const base = `/dashboard/${workspaceId}`;
  return (
    <nav aria-label="Workspace" className="overflow-x-auto px-3 pb-2 lg:flex-1 lg:overflow-visible lg:pb-0">
      <ul className="flex gap-1 lg:flex-col">
        {ITEMS.filter((i) => !('admin' in i) || isAdmin).map((item) => {
          const href = item.slug ? `${base}/${item.slug}` : base;
          const active = item.slug ? pathname === href || pathname.startsWith(`${href}/`) : pathname === base;
          return (
            <li key={item.slug} className="shrink-0">
              <Link
                href={href}
                aria-current={active ? 'page' : undefined}
                className={`flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-brand-600 ${
                  active ? 'bg-brand-50 text-brand-700' : 'text-stone-600 hover:bg-stone-100 hover:text-stone-900'
                }`}
              >
                <svg viewBox="0 0 24 24" className="size-4.5 shrink-0" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
                  <path d={item.icon} />
                </svg>
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
