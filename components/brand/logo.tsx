import Link from 'next/link';

/** Cairn's mark: three stacked stones. */
export function LogoMark({ className = 'size-7' }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden="true">
      <rect width="32" height="32" rx="8" className="fill-brand-600" />
      <ellipse cx="16" cy="23.5" rx="9" ry="3.6" fill="#fff" fillOpacity="0.95" />
      <ellipse cx="16" cy="16.5" rx="6.5" ry="3" fill="#fff" fillOpacity="0.8" />
      <ellipse cx="16" cy="10.5" rx="4" ry="2.4" fill="#fff" fillOpacity="0.65" />
    </svg>
  );
}

export function Logo({ href = '/', className = '' }: { href?: string; className?: string }) {
  return (
    <Link
      href={href}
      className={`inline-flex items-center gap-2 rounded-md text-lg font-semibold tracking-tight text-stone-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 ${className}`}
    >
      <LogoMark />
      <span>Cairn</span>
    </Link>
  );
}
