'use client';

import { Alert } from '@/components/ui/alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { errorTextClass, hintClass, inputClass, labelClass } from '@/components/ui/styles';
import { useFormAction } from '@/components/forms/use-form-action';
import { addCrawlSourceAction, type CrawlActionState } from './crawl-actions';

/** Adds a site to crawl: a start page or a sitemap, its limits and how often to re-sync it. */
export function CrawlForm({ workspaceId }: { workspaceId: string }) {
  const { state, pending, onSubmit } = useFormAction<CrawlActionState>(addCrawlSourceAction.bind(null, workspaceId), null);
  const errors = state && !state.ok ? state.fieldErrors ?? {} : {};
  return (
    <form onSubmit={onSubmit} className="max-w-2xl space-y-4 p-5" aria-label="Crawl a site">
      {state ? state.ok ? <Alert tone="success" data-testid="kb-crawl-added">{state.data?.message}</Alert> : <Alert tone="error" data-testid="kb-crawl-error">{state.error}</Alert> : null}
      <div>
        <label htmlFor="kb-crawl-url" className={labelClass}>Start URL</label>
        <input id="kb-crawl-url" name="startUrl" type="url" placeholder="https://help.example.com/ or https://example.com/sitemap.xml" aria-invalid={errors.startUrl ? true : undefined} className={`${inputClass} mt-1.5`} />
        {errors.startUrl ? <p className={errorTextClass}>{errors.startUrl}</p> : <p className={hintClass}>Pages of the same site are followed from here (or taken from the sitemap); robots.txt is respected.</p>}
      </div>
      <div className="grid grid-cols-3 gap-3">
        <div>
          <label htmlFor="kb-crawl-depth" className={labelClass}>Link depth</label>
          <input id="kb-crawl-depth" name="maxDepth" type="number" min={0} max={5} defaultValue={2} className={`${inputClass} mt-1.5`} />
          {errors.maxDepth ? <p className={errorTextClass}>{errors.maxDepth}</p> : null}
        </div>
        <div>
          <label htmlFor="kb-crawl-pages" className={labelClass}>Page limit</label>
          <input id="kb-crawl-pages" name="maxPages" type="number" min={1} max={500} defaultValue={50} className={`${inputClass} mt-1.5`} />
          {errors.maxPages ? <p className={errorTextClass}>{errors.maxPages}</p> : null}
        </div>
        <div>
          <label htmlFor="kb-crawl-resync" className={labelClass}>Re-sync</label>
          <select id="kb-crawl-resync" name="resyncHours" defaultValue="24" className={`${inputClass} mt-1.5`}>
            <option value="never">Only by hand</option>
            <option value="6">Every 6 hours</option>
            <option value="24">Daily</option>
            <option value="168">Weekly</option>
          </select>
        </div>
      </div>
      <SubmitButton pending={pending} pendingLabel="Adding…" data-testid="kb-crawl-add">Crawl the site</SubmitButton>
    </form>
  );
}
