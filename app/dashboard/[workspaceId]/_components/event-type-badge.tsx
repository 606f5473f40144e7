import { eventTypeColor } from './event-types';

export function EventTypeBadge({ type }: { type: string }) {
  return (
    <span className={`inline-flex items-center rounded-md px-2 py-0.5 font-mono text-xs font-medium ring-1 ring-inset ${eventTypeColor(type).badge}`}>
      {type}
    </span>
  );
}
