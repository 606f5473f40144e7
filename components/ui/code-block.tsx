import { CopyButton } from './copy-button';

/** A dark, scrollable code sample with a copy button (curl examples, snippets). */
export function CodeBlock({ value, testId, className = '' }: { value: string; testId?: string; className?: string }) {
  return (
    <div className={`relative overflow-hidden rounded-lg bg-stone-900 ${className}`}>
      <pre className="overflow-x-auto p-4 pr-24 text-[13px] leading-6 text-stone-100" data-testid={testId}>
        <code>{value}</code>
      </pre>
      <div className="absolute top-2 right-2">
        <CopyButton value={value} />
      </div>
    </div>
  );
}
