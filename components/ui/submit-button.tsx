'use client';

import type { ButtonHTMLAttributes } from 'react';
import { useFormStatus } from 'react-dom';
import { buttonClass, type ButtonSize, type ButtonVariant } from './styles';

interface SubmitButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** Set by forms that track their own pending state; otherwise read from the enclosing form. */
  pending?: boolean;
  pendingLabel?: string;
}

export function SubmitButton({ variant = 'primary', size = 'md', pending, pendingLabel, children, className = '', disabled, ...rest }: SubmitButtonProps) {
  const status = useFormStatus();
  const busy = pending ?? status.pending;
  return (
    <button type="submit" className={buttonClass(variant, size, className)} disabled={busy || disabled} aria-busy={busy || undefined} {...rest}>
      {busy ? <Spinner /> : null}
      {busy && pendingLabel ? pendingLabel : children}
    </button>
  );
}

function Spinner() {
  return (
    <svg className="size-4 animate-spin" viewBox="0 0 24 24" fill="none" aria-hidden="true">
      <circle cx="12" cy="12" r="9" stroke="currentColor" strokeOpacity="0.25" strokeWidth="3" />
      <path d="M21 12a9 9 0 0 0-9-9" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
    </svg>
  );
}
