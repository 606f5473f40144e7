// Colours of event types in the dashboard's charts and badges (custom types share the last one).
const COLORS: Record<string, { bar: string; badge: string }> = {
  view: { bar: 'bg-sky-400', badge: 'bg-sky-50 text-sky-800 ring-sky-200' },
  click: { bar: 'bg-indigo-400', badge: 'bg-indigo-50 text-indigo-800 ring-indigo-200' },
  add_to_cart: { bar: 'bg-amber-400', badge: 'bg-amber-50 text-amber-800 ring-amber-200' },
  purchase: { bar: 'bg-brand-600', badge: 'bg-brand-50 text-brand-700 ring-brand-100' },
  rating: { bar: 'bg-violet-500', badge: 'bg-violet-50 text-violet-800 ring-violet-200' },
  like: { bar: 'bg-rose-400', badge: 'bg-rose-50 text-rose-700 ring-rose-200' },
  dislike: { bar: 'bg-red-700', badge: 'bg-red-50 text-red-800 ring-red-200' },
  search: { bar: 'bg-teal-400', badge: 'bg-teal-50 text-teal-800 ring-teal-200' },
};
const OTHER = { bar: 'bg-stone-400', badge: 'bg-stone-100 text-stone-700 ring-stone-200' };

export const eventTypeColor = (type: string) => COLORS[type] ?? OTHER;
