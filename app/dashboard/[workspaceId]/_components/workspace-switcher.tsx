'use client';

import Link from 'next/link';
import { useEffect, useRef } from 'react';
import { NewWorkspaceForm } from '../../new-workspace-form';

interface WorkspaceOption {
  id: string;
  name: string;
  role: string;
}

/** Dropdown listing the user's workspaces, with a form to create a new one. */
export function WorkspaceSwitcher({ current, workspaces }: { current: WorkspaceOption; workspaces: WorkspaceOption[] }) {
  const details = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    function close(event: MouseEvent | KeyboardEvent) {
      const el = details.current;
      if (!el?.open) return;
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !el.contains(event.target as Node)) el.open = false;
    }
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, []);

  return (
    <details ref={details} className="group relative min-w-0 flex-1 lg:w-full" data-testid="workspace-switcher">
      <summary className="flex cursor-pointer list-none items-center gap-3 rounded-lg border border-stone-200 bg-white px-3 py-2 shadow-sm hover:bg-stone-50 focus-visible:outline-2 focus-visible:outline-brand-600 [&::-webkit-details-marker]:hidden">
        <span className="flex size-7 shrink-0 items-center justify-center rounded-md bg-stone-900 text-xs font-semibold text-white" aria-hidden="true">
          {current.name.slice(0, 1).toUpperCase()}
        </span>
        <span className="min-w-0 flex-1 text-left">
          <span className="block truncate text-sm font-semibold text-stone-900" data-testid="current-workspace-name">
            {current.name}
          </span>
          <span className="block text-xs text-stone-500 capitalize">{current.role}</span>
        </span>
        <svg viewBox="0 0 20 20" className="size-4 shrink-0 text-stone-400" fill="currentColor" aria-hidden="true">
          <path d="M10 3l4 5H6zm0 14l-4-5h8z" />
        </svg>
        <span className="sr-only">Switch workspace</span>
      </summary>
      <div className="absolute top-full right-0 left-0 z-30 mt-2 min-w-64 rounded-xl border border-stone-200 bg-white p-2 shadow-lg">
        <p className="px-2 pt-1 pb-2 text-xs font-semibold tracking-wide text-stone-500 uppercase">Workspaces</p>
        <ul className="max-h-64 overflow-y-auto">
          {workspaces.map((w) => (
            <li key={w.id}>
              <Link
                href={`/dashboard/${w.id}`}
                onClick={() => details.current?.removeAttribute('open')}
                aria-current={w.id === current.id ? 'true' : undefined}
                className="flex items-center justify-between gap-2 rounded-lg px-2 py-2 text-sm text-stone-700 hover:bg-stone-100 focus-visible:outline-2 focus-visible:outline-brand-600"
              >
                <span className="truncate">{w.name}</span>
                {w.id === current.id ? (
                  <svg viewBox="0 0 20 20" className="size-4 shrink-0 text-brand-600" fill="currentColor" aria-label="Current workspace">
                    <path d="M7.6 13.2L4.4 10l-1.1 1.1 4.3 4.3 9-9-1.1-1.1z" />
                  </svg>
                ) : (
                  <span className="text-xs text-stone-400 capitalize">{w.role}</span>
                )}
              </Link>
            </li>
          ))}
        </ul>
        <div className="mt-2 border-t border-stone-200 px-2 pt-3 pb-1">
          <p className="mb-2 text-xs font-semibold tracking-wide text-stone-500 uppercase">New workspace</p>
          <NewWorkspaceForm compact />
        </div>
      </div>
    </details>
  );
}
