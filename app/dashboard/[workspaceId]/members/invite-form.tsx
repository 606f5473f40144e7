'use client';

import { Alert } from '@/components/ui/alert';
import { CopyButton } from '@/components/ui/copy-button';
import { Field } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { errorTextClass, inputClass, labelClass } from '@/components/ui/styles';
import { useFormAction, useLastSuccess } from '@/components/forms/use-form-action';
import { inviteMemberAction, type InviteState } from './actions';

/** Invite by email; the link is shown to the inviter (and emailed by the worker). */
export function InviteForm({ workspaceId, roles }: { workspaceId: string; roles: string[] }) {
  const { state, pending, onSubmit } = useFormAction<InviteState>(inviteMemberAction.bind(null, workspaceId), null);
  const invited = useLastSuccess(state);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <div className="space-y-4 p-5">
      {invited ? (
        <Alert tone="success" title={`Invitation created for ${invited.email} (${invited.role})`} data-testid="invite-result">
          <p>Send them this link. It works once and expires in 7 days. It was also emailed (in embedded mode the worker writes it to its log).</p>
          <div className="mt-3 flex flex-col gap-2 sm:flex-row sm:items-center">
            <code className="block min-w-0 flex-1 overflow-x-auto rounded-md border border-brand-100 bg-white px-3 py-2 font-mono text-xs whitespace-nowrap text-stone-900 select-all" data-testid="invite-link">
              {invited.link}
            </code>
            <CopyButton value={invited.link} label="Copy link" />
          </div>
        </Alert>
      ) : null}
      {state && !state.ok && !errors.email ? <Alert tone="error">{state.error}</Alert> : null}
      <form onSubmit={onSubmit} key={invited?.id ?? 'new'} className="flex flex-col gap-3 sm:flex-row sm:items-start" aria-label="Invite a member">
        <Field label="Email" name="email" type="email" required placeholder="teammate@company.com" error={errors.email} className="flex-1" />
        <div>
          <label htmlFor="invite-role" className={labelClass}>
            Role
          </label>
          <select id="invite-role" name="role" defaultValue="member" className={`${inputClass} mt-1.5 capitalize sm:w-36`}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
          {errors.role ? <p className={errorTextClass}>{errors.role}</p> : null}
        </div>
        <SubmitButton pending={pending} className="sm:mt-7" data-testid="send-invite">
          Invite
        </SubmitButton>
      </form>
    </div>
  );
}
