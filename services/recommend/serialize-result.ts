import type { Result } from './rank';

// Strings that need no escaping in JSON: no quote, backslash, control character or surrogate.
const PLAIN = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;
const str = (x: string) => (PLAIN.test(x) ? `"${x}"` : JSON.stringify(x));

/**
 * The JSON body of a recommendation answer, written directly: exactly the fields of
 * recommendationsResponseSchema, in its order (the same text the zod serializer writes, at a third
 * of its cost: no schema walk per item). A non-finite score or fractional version fails as the schema would.
 */
export function serializeResult(r: Result): string {
  let s = `{"recommId":${str(r.recommId)},"items":[`;
  const items = r.items;
  for (let k = 0; k < items.length; k++) {
    const it = items[k]!;
    if (!Number.isFinite(it.score)) throw new Error(`recommendation score is not a finite number: ${it.score}`);
    s += `${k === 0 ? '' : ','}{"id":${str(it.id)},"score":${it.score},"reason":${str(it.reason)}`;
    // Optional parts only when asked for / set, so the default body stays exactly as it was.
    if (it.fields !== undefined) s += `,"fields":${JSON.stringify(it.fields)}`;
    if (it.ruleId !== undefined) s += `,"ruleId":${str(it.ruleId)}`;
    s += '}';
  }
  if (r.modelVersion !== null && !Number.isInteger(r.modelVersion)) throw new Error(`model version is not an integer: ${r.modelVersion}`);
  return `${s}],"modelVersion":${r.modelVersion === null ? 'null' : r.modelVersion}}`;
}
