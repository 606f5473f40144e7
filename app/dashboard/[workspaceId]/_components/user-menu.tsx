import { buttonClass } from '@/components/ui/styles';
import { signOutAction } from '../../actions';

function initials(name: string) {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((p) => p[0]!.toUpperCase())
    .join('');
}

/** The signed-in person and a sign-out button. */
export function UserMenu({ name, email, compact = false }: { name: string; email: string; compact?: boolean }) {
  const signOut = (
    <form action={signOutAction}>
      <button type="submit" className={buttonClass('ghost', 'sm')} data-testid="sign-out">
        Sign out
      </button>
    </form>
  );
  if (compact) return signOut;
  return (
    <div className="flex items-center gap-3">
      <span className="flex size-9 shrink-0 items-center justify-center rounded-full bg-brand-100 text-sm font-semibold text-brand-700" aria-hidden="true">
        {initials(name || email) || '?'}
      </span>
      <div className="min-w-0 flex-1">
        <p className="truncate text-sm font-medium text-stone-900" data-testid="user-name">
          {name}
        </p>
        <p className="truncate text-xs text-stone-500">{email}</p>
      </div>
      {signOut}
    </div>
  );
}
