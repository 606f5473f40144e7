// How related two texts are under a given model, from their cosine (ModelSpec.cosineRange).

/** A cosine as 0 (no more than unrelated text) .. 1 (as close as an answering passage) under the model's scale. */
export function semanticStrength(cosine: number, range: readonly [number, number] = DEFAULT_COSINE_RANGE): number {
  return Math.min(1, Math.max(0, (cosine - range[0]) / (range[1] - range[0])));
}
export const DEFAULT_COSINE_RANGE = [0.2, 0.7] as const;
