/** A whole number with thousands separators. */
export const int = (n: number) => Math.round(n).toLocaleString('en-US');
/** Milliseconds: two decimals below 10, one above. */
export const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));
