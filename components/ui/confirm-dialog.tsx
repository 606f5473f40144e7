'use client';

import { useRef, useState, type ReactNode } from 'react';
import { buttonClass, type ButtonSize, type ButtonVariant } from './styles';
import { SubmitButton } from './submit-button';

interface ConfirmActionProps {
  /** The server action run when confirmed (a form action, so it works inside a transition). */
  action: (formData: FormData) => Promise<{ ok: boolean; error?: string } | void>;
  trigger: ReactNode;
  title: ReactNode;
  children?: ReactNode;
  confirmLabel: string;
  triggerVariant?: ButtonVariant;
  triggerSize?: ButtonSize;
  triggerTestId?: string;
  confirmTestId?: string;
  triggerLabel?: string;
}

/**
 * A button that opens a modal <dialog> (focus-trapped, Escape closes) asking for confirmation
 * before running a destructive action.
 */
export function ConfirmAction({
  action,
  trigger,
  title,
  children,
  confirmLabel,
  triggerVariant = 'secondary',
  triggerSize = 'sm',
  triggerTestId,
  confirmTestId,
  triggerLabel,
}: ConfirmActionProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className={buttonClass(triggerVariant, triggerSize)}
        onClick={() => {
          setError(null);
          dialog.current?.showModal();
        }}
        data-testid={triggerTestId}
        aria-label={triggerLabel}
      >
        {trigger}
      </button>
      <dialog
        ref={dialog}
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl border border-stone-200 bg-white p-0 text-left shadow-xl backdrop:bg-stone-900/40"
      >
        <form
          action={async (fd) => {
            const result = await action(fd);
            if (result && !result.ok) setError(result.error ?? 'Something went wrong');
            else dialog.current?.close();
          }}
          className="p-6"
        >
          <h2 className="text-base font-semibold text-stone-900">{title}</h2>
          {children ? <div className="mt-2 text-sm text-stone-600">{children}</div> : null}
          {error ? (
            <p role="alert" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
              {error}
            </p>
          ) : null}
          <div className="mt-6 flex justify-end gap-2">
            <button type="button" className={buttonClass('secondary')} onClick={() => dialog.current?.close()}>
              Cancel
            </button>
            <SubmitButton variant="danger" data-testid={confirmTestId}>
              {confirmLabel}
            </SubmitButton>
          </div>
        </form>
      </dialog>
    </>
  );
}
