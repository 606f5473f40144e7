'use client';

import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Field } from '@/components/ui/field';
import { Section } from '@/components/ui/page-header';
import { SubmitButton } from '@/components/ui/submit-button';
import { buttonClass, errorTextClass, hintClass, inputClass, labelClass } from '@/components/ui/styles';
import { useFormAction } from '@/components/forms/use-form-action';
import { MAX_STARTER_QUESTIONS, MAX_THRESHOLD, MIN_THRESHOLD, type BotSettingsView } from '@/services/chat/bot-settings';
import { saveBotSettingsAction, type BotSettingsState } from './actions';
import { ThresholdField, type ThresholdPreviewProps } from './threshold-field';

/** One form for all bot settings; the API key field is write-only and empties after each save. */
export function BotSettingsForm({ workspaceId, settings, preview, disabled }: { workspaceId: string; settings: BotSettingsView; preview: ThresholdPreviewProps; disabled: boolean }) {
  const { state, pending, onSubmit } = useFormAction<BotSettingsState>(saveBotSettingsAction.bind(null, workspaceId), null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const current = state?.ok && state.data ? state.data : settings;
  // The typed key leaves the page once saved: the input is emptied on every successful save.
  const [key, setKey] = useState('');
  const [seen, setSeen] = useState(state);
  if (state !== seen) {
    setSeen(state);
    if (state?.ok) setKey('');
  }
  const starters = Array.from({ length: MAX_STARTER_QUESTIONS }, (_, i) => settings.starterQuestions[i] ?? '');
  const keyStatus = current.llmApiKey.set ? (current.llmApiKey.endsWith ? `Set, ending in …${current.llmApiKey.endsWith}` : 'Set') : 'Not set';

  return (
    <form onSubmit={onSubmit} aria-label="Bot settings" className="space-y-8">
      {state?.ok ? <Alert tone="success" data-testid="bot-settings-saved">Saved. The bot uses it from the next message; widgets show the name and starter questions from their next page load.</Alert> : null}
      {state && !state.ok ? <Alert tone="error" data-testid="bot-settings-error">{state.error}</Alert> : null}

      <Section title="Name and instructions" description="The name introduces the bot in the widget and in its greeting reply. The instructions go to the language model with every question (tone, what to call your customers, what never to promise); without a language model, only the name is used.">
        <div className="grid gap-4 p-5">
          <Field label="Name" name="name" defaultValue={settings.name ?? ''} maxLength={60} placeholder="e.g. Trail Guide" disabled={disabled} error={errors.name} />
          <div>
            <label htmlFor="bot-persona" className={labelClass}>Instructions</label>
            <textarea id="bot-persona" name="persona" defaultValue={settings.persona ?? ''} maxLength={2000} rows={4} disabled={disabled} className={`${inputClass} mt-1.5`} aria-invalid={errors.persona ? true : undefined} placeholder="e.g. Be warm and brief. Call customers by their first name when they give it." />
            {errors.persona ? <p className={errorTextClass}>{errors.persona}</p> : <p className={hintClass}>They never override the rules: answers come only from your knowledge base, with their sources.</p>}
          </div>
        </div>
      </Section>

      <Section title="Answers" description="What the bot says when it does not know, and the questions the widget offers before the visitor types.">
        <div className="grid gap-4 p-5">
          <Field label="Fallback text" name="fallbackText" defaultValue={settings.fallbackText ?? ''} maxLength={300} placeholder={settings.defaults.fallbackText} hint="Empty: the default (shown in grey). The widget still offers a person after it." disabled={disabled} error={errors.fallbackText} />
          <fieldset>
            <legend className={labelClass}>Starter questions (up to {MAX_STARTER_QUESTIONS})</legend>
            <div className="mt-1.5 grid gap-2 sm:grid-cols-2">
              {starters.map((q, i) => (
                <input key={i} name="starterQuestion" aria-label={`Starter question ${i + 1}`} defaultValue={q} maxLength={120} disabled={disabled} className={inputClass} placeholder={i === 0 ? 'e.g. How long does delivery take?' : ''} />
              ))}
            </div>
            {errors.starterQuestions ? <p className={errorTextClass}>{errors.starterQuestions}</p> : <p className={hintClass}>Shown as buttons under the greeting; a click asks the question.</p>}
          </fieldset>
        </div>
      </Section>

      <Section title="Relevance threshold" description="Below it the bot says it does not know (and offers a person) instead of answering from a weak match.">
        <ThresholdField value={settings.minRelevance} defaultValue={settings.defaults.minRelevance} min={MIN_THRESHOLD} max={MAX_THRESHOLD} error={errors.minRelevance} disabled={disabled} preview={preview} />
      </Section>

      <Section title="Language model" description={`An OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, llama.cpp server) for this workspace. Empty: ${settings.defaults.llmBaseUrl ? 'the deployment\u2019s model' : 'extractive answers (no language model is configured for this deployment)'}.`}>
        <div className="grid gap-4 p-5 sm:grid-cols-2">
          <Field label="Endpoint URL" name="llmBaseUrl" type="url" defaultValue={settings.llmBaseUrl ?? ''} maxLength={500} placeholder={settings.defaults.llmBaseUrl ?? 'https://api.openai.com/v1'} hint="Public addresses only. A new URL forgets the stored key unless you enter one with it." disabled={disabled} error={errors.llmBaseUrl} className="sm:col-span-2" />
          <Field label="Model" name="llmModel" defaultValue={settings.llmModel ?? ''} maxLength={100} placeholder={settings.defaults.llmModel} disabled={disabled} error={errors.llmModel} />
          <div>
            <label htmlFor="bot-llm-key" className={labelClass}>API key</label>
            <input id="bot-llm-key" name="llmApiKey" type="password" autoComplete="off" value={key} onChange={(e) => setKey(e.target.value)} maxLength={500} disabled={disabled} className={`${inputClass} mt-1.5`} placeholder={current.llmApiKey.set ? 'Leave empty to keep it' : ''} aria-invalid={errors.llmApiKey ? true : undefined} />
            {errors.llmApiKey ? (
              <p className={errorTextClass}>{errors.llmApiKey}</p>
            ) : (
              <p className={hintClass} data-testid="llm-key-status">
                {keyStatus}. Stored encrypted; never shown again.
              </p>
            )}
          </div>
        </div>
      </Section>

      {disabled ? (
        <p className="text-sm text-stone-600">Only admins can change the bot settings.</p>
      ) : (
        <div className="flex flex-wrap justify-end gap-2">
          {current.llmApiKey.set ? (
            <button type="submit" name="intent" value="clear-key" className={buttonClass('ghost')} disabled={pending} data-testid="clear-llm-key">
              Save and remove the API key
            </button>
          ) : null}
          <SubmitButton pending={pending} name="intent" value="save" data-testid="save-bot-settings">
            Save bot settings
          </SubmitButton>
        </div>
      )}
    </form>
  );
}
