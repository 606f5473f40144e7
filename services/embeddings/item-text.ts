import { createHash } from 'node:crypto';
import type { ModelSpec } from '@/ml/runtime/types';

/** The text an item is embedded from: title, description and categories ('' when it has none). */
export function itemText(item: { title: string | null; description: string | null; categories: readonly string[] }): string {
  return [item.title?.trim(), item.description?.trim(), item.categories.length ? item.categories.join(', ') : undefined].filter((s) => s).join('. ');
}

/** ItemEmbedding.textHash: SHA-256 of the embedded text. */
export const textHash = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * ItemEmbedding.model: the model id and version that made a vector (vectors of different models
 * live in different spaces; a change of either re-embeds).
 */
export const embeddingModelTag = (spec: Pick<ModelSpec, 'id' | 'version'>) => `${spec.id}@${spec.version}`;
