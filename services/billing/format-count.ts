const fmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** 100000 -> "100,000" (messages and the billing page). */
export const formatCount = (n: number) => fmt.format(n);
