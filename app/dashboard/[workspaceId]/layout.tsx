import type { ReactNode } from 'react';
import { auth } from '@/auth';
import { requireWorkspacePage } from '@/app/lib/session';
import { LogoMark } from '@/components/brand/logo';
import { hasRole } from '@/services/workspaces/roles';
import { listWorkspacesForUser } from '@/services/workspaces/list-workspaces-for-user';
import Link from 'next/link';
import { SidebarNav } from './_components/sidebar-nav';
import { UserMenu } from './_components/user-menu';
import { WorkspaceSwitcher } from './_components/workspace-switcher';
import { QuotaBanner } from './_components/quota-banner';

export default async function WorkspaceLayout({ children, params }: { children: ReactNode; params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const { userId, workspace, role } = await requireWorkspacePage(workspaceId);
  const [workspaces, session] = await Promise.all([listWorkspacesForUser(userId), auth()]);
  const name = session?.user?.name ?? '';
  const email = session?.user?.email ?? '';

  return (
    <div className="min-h-screen lg:flex">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:shadow">
        Skip to content
      </a>
      <aside className="border-b border-stone-200 bg-white lg:w-64 lg:shrink-0 lg:border-r lg:border-b-0">
        <div className="lg:sticky lg:top-0 lg:flex lg:h-screen lg:flex-col">
          <div className="flex items-center gap-3 px-4 py-3 lg:block lg:space-y-5 lg:px-3 lg:py-5">
            <Link href={`/dashboard/${workspace.id}`} className="flex items-center gap-2 rounded-md px-1 focus-visible:outline-2 focus-visible:outline-brand-600">
              <LogoMark />
              <span className="hidden text-lg font-semibold tracking-tight sm:inline">Cairn</span>
            </Link>
            <WorkspaceSwitcher current={{ id: workspace.id, name: workspace.name, role }} workspaces={workspaces} />
            <div className="lg:hidden">
              <UserMenu name={name} email={email} compact />
            </div>
          </div>
          <SidebarNav workspaceId={workspace.id} isAdmin={hasRole(role, 'admin')} />
          <div className="hidden border-t border-stone-200 p-3 lg:block">
            <UserMenu name={name} email={email} />
          </div>
        </div>
      </aside>
      <div className="min-w-0 flex-1">
        <main id="main" className="mx-auto max-w-6xl px-4 py-8 sm:px-8 lg:py-10">
          <QuotaBanner workspaceId={workspace.id} canManageBilling={hasRole(role, 'admin')} />
          {children}
        </main>
      </div>
    </div>
  );
}
