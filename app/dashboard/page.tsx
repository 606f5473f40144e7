import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { requireUserId } from '@/app/lib/session';
import { listWorkspacesForUser } from '@/services/workspaces/list-workspaces-for-user';
import { Logo } from '@/components/brand/logo';
import { NewWorkspaceForm } from './new-workspace-form';

export const metadata: Metadata = { title: 'Dashboard' };

/** Opens the user's first workspace; a user who left every workspace creates a new one. */
export default async function DashboardIndex() {
  const userId = await requireUserId();
  const workspaces = await listWorkspacesForUser(userId);
  if (workspaces[0]) redirect(`/dashboard/${workspaces[0].id}`);
  return (
    <div className="flex min-h-screen flex-col items-center justify-center px-4">
      <Logo className="mb-8" />
      <main className="w-full max-w-md rounded-2xl border border-stone-200 bg-white p-8 shadow-sm">
        <h1 className="text-xl font-semibold text-stone-900">Create a workspace</h1>
        <p className="mt-1 mb-6 text-sm text-stone-600">You are not a member of any workspace yet. Create one, or open an invitation link.</p>
        <NewWorkspaceForm />
      </main>
    </div>
  );
}
