'use client';

import { useState } from 'react';
import { useFormAction } from '@/components/forms/use-form-action';
import { SubmitButton } from '@/components/ui/submit-button';
import { inputClass } from '@/components/ui/styles';
import type { ActionResult } from '@/app/lib/session';
import { changeRoleAction } from './actions';

/** Role dropdown with a Save button that appears once the role was changed. */
export function RoleSelect({ workspaceId, userId, name, role, roles }: { workspaceId: string; userId: string; name: string; role: string; roles: string[] }) {
  const { state, pending, onSubmit } = useFormAction<ActionResult<void> | null>(changeRoleAction.bind(null, workspaceId, userId), null);
  const [value, setValue] = useState(role);
  const id = `role-${userId}`;
  return (
    <form onSubmit={onSubmit} className="flex flex-wrap items-center gap-2">
      <label htmlFor={id} className="sr-only">
        Role of {name}
      </label>
      <select id={id} name="role" value={value} onChange={(e) => setValue(e.target.value)} className={`${inputClass} w-32 py-1.5 capitalize`}>
        {roles.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      {value !== role ? (
        <SubmitButton size="sm" pending={pending} pendingLabel="Saving…">
          Save
        </SubmitButton>
      ) : null}
      {state && !state.ok ? (
        <p role="alert" className="w-full text-xs text-red-700">
          {state.error}
        </p>
      ) : null}
    </form>
  );
}
