'use client';

import { useState } from 'react';
import { PUBLISHABLE_SCOPES, SCOPES, SCOPE_DESCRIPTIONS } from '@/services/api-keys/scopes';
import { errorTextClass, hintClass, inputClass, labelClass } from '@/components/ui/styles';

type KeyType = 'secret' | 'publishable';

const TYPES: { value: KeyType; title: string; body: string }[] = [
  { value: 'secret', title: 'Secret key', body: 'sk_live_… for your servers. Any scope. Never ship it to a browser.' },
  { value: 'publishable', title: 'Publishable key', body: 'pk_live_… for browsers (widget, tracking). Limited scopes, only from allowed origins.' },
];

/** Key type radio cards, the scopes that type may hold, and allowed origins for publishable keys. */
export function KeyTypeAndScopes({ errors }: { errors: Record<string, string> }) {
  const [type, setType] = useState<KeyType>('secret');
  const scopes = type === 'secret' ? SCOPES : PUBLISHABLE_SCOPES;
  return (
    <>
      <fieldset>
        <legend className={labelClass}>Type</legend>
        <div className="mt-1.5 grid gap-3 sm:grid-cols-2">
          {TYPES.map((t) => (
            <label
              key={t.value}
              className="flex cursor-pointer gap-3 rounded-lg border border-stone-300 p-3 has-checked:border-brand-500 has-checked:bg-brand-50 has-checked:ring-1 has-checked:ring-brand-500 has-focus-visible:outline-2 has-focus-visible:outline-brand-600"
            >
              <input
                type="radio"
                name="type"
                value={t.value}
                checked={type === t.value}
                onChange={() => setType(t.value)}
                className="mt-0.5 accent-brand-600 focus:outline-none"
                data-testid={`key-type-${t.value}`}
              />
              <span>
                <span className="block text-sm font-medium text-stone-900">{t.title}</span>
                <span className="mt-0.5 block text-xs text-stone-600">{t.body}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset key={type} aria-describedby={errors.scopes ? 'scopes-error' : undefined}>
        <legend className={labelClass}>Scopes</legend>
        <p className={hintClass}>{type === 'publishable' ? 'Publishable keys can only hold browser-safe scopes.' : 'Grant only what this key needs.'}</p>
        <div className="mt-2 grid gap-x-6 gap-y-2 sm:grid-cols-2">
          {scopes.map((scope) => (
            <label key={scope} className="flex items-start gap-2.5 text-sm">
              <input type="checkbox" name="scopes" value={scope} defaultChecked className="mt-0.5 size-4 rounded accent-brand-600" />
              <span>
                <span className="font-mono text-xs font-medium text-stone-900">{scope}</span>
                <span className="block text-xs text-stone-500">{SCOPE_DESCRIPTIONS[scope]}</span>
              </span>
            </label>
          ))}
        </div>
        {errors.scopes ? (
          <p id="scopes-error" className={errorTextClass}>
            {errors.scopes}
          </p>
        ) : null}
      </fieldset>

      {type === 'publishable' ? (
        <div className="max-w-xl">
          <label htmlFor="allowed-origins" className={labelClass}>
            Allowed origins
          </label>
          <textarea
            id="allowed-origins"
            name="allowedOrigins"
            rows={3}
            required
            placeholder={'https://shop.example.com\nhttp://localhost:3000'}
            className={`${inputClass} mt-1.5 font-mono`}
            aria-invalid={errors.allowedOrigins ? true : undefined}
            aria-describedby="allowed-origins-help"
          />
          <p id="allowed-origins-help" className={errors.allowedOrigins ? errorTextClass : hintClass}>
            {errors.allowedOrigins ?? 'One origin per line: scheme, host and optional port, no path.'}
          </p>
        </div>
      ) : null}
    </>
  );
}
