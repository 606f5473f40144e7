/** `€89.95`; an unknown currency code falls back to `89.95 XYZ`. */
export function formatPrice(price: number | null, currency: string | null): string {
  if (price === null) return '—';
  try {
    return currency ? new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(price) : String(price);
  } catch {
    return `${price} ${currency}`;
  }
}
