'use client';

import { useState } from 'react';
import { buttonClass, type ButtonVariant } from './styles';

/** Copies `value` to the clipboard and says so for two seconds. */
export function CopyButton({ value, label = 'Copy', variant = 'secondary', 'data-testid': testId }: { value: string; label?: string; variant?: ButtonVariant; 'data-testid'?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      setState('failed');
    }
    setTimeout(() => setState('idle'), 2000);
  }
  return (
    <button type="button" onClick={copy} className={buttonClass(variant, 'sm')} data-testid={testId}>
      <span aria-live="polite">{state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select and copy' : label}</span>
    </button>
  );
}
