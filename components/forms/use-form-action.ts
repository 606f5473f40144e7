'use client';

import { startTransition, useActionState, useState, type FormEvent } from 'react';

/**
 * useActionState for forms that keep what the user typed when the server answers with errors
 * (a plain `<form action>` resets its fields after every submission in React 19).
 */
export function useFormAction<S>(action: (state: S, formData: FormData) => Promise<S>, initialState: S) {
  const [state, dispatch, pending] = useActionState<S, FormData>(action, initialState as Awaited<S>);
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const formData = new FormData(event.currentTarget, submitter);
    startTransition(() => dispatch(formData));
  }
  return { state, pending, onSubmit };
}

/**
 * The data of the latest successful result, kept when a later submission fails (so a secret shown
 * once does not vanish because the next attempt had a typo).
 */
export function useLastSuccess<T>(state: { ok: true; data?: T } | { ok: false } | null): T | undefined {
  const [seen, setSeen] = useState(state);
  const [last, setLast] = useState<T | undefined>(undefined);
  if (state !== seen) {
    setSeen(state);
    if (state?.ok) setLast(state.data);
  }
  return last;
}
