// Dates are rendered on the server, so they are shown in UTC and say so.
const dateFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const dateTimeFmt = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
  timeZone: 'UTC',
});
const numberFmt = new Intl.NumberFormat('en-US');

export const formatDate = (d: Date) => dateFmt.format(d);
export const formatDateTime = (d: Date) => `${dateTimeFmt.format(d)} UTC`;
export const formatNumber = (n: number) => numberFmt.format(n);

/** `sk_live_…abcd`: enough to recognise a key, never enough to use it. */
export const maskedKey = (prefix: string, last4: string) => `${prefix}…${last4}`;
