// URL checks for the chat widget, kept apart from its DOM code so they can be unit tested.

/**
 * An http(s) URL for a link or an image, resolved against `base` (the page), or null: for a missing
 * value (null, undefined, blank: never the string "null", which would resolve to `<page>/null`)
 * and for any other scheme (javascript:, data:, blob:, file:...). data: images are refused too: the
 * catalog holds links to images, and one rule for links and images is easier to trust.
 */
export function safeUrl(value: unknown, base: string): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  try {
    const url = new URL(value.trim(), base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}
