// The reranking stage of retrieval: a logistic regression over signals of each candidate passage
// (how much of the question it covers, how close its meaning is, whether its title and headings
// name what was asked), giving a relevance in 0..1 that is comparable across questions, so one
// threshold decides "I don't know". Trained by scripts/train-chat-ranker.ts on the dev halves of the eval:chat sets
// and on questions generated from the team's own help centres; the weights are committed beside it.
import weights from './passage-ranker-weights.json';

// Only signals that mean the same for every question: a relevance compared with one threshold
// across questions cannot use a passage's rank among this question's candidates, nor BM25 scaled
// to this question's best (both were tried: the best passage of an off-topic question then scored
// like an answer). BM25 and the ranks choose the candidates (retrieve-passages.ts).
export const RANKER_FEATURES = ['semantic', 'coverage', 'headingCoverage'] as const;

export interface PassageSignals {
  /** The cosine on the model's own scale (0: no closer than unrelated text, 1: as close as an answer). */
  semantic: number;
  /** IDF-weighted share of the question's terms in the passage (title and headings included). */
  coverage: number;
  /** The same share in the document title and heading path alone. */
  headingCoverage: number;
  /** BM25 score over the best BM25 score of this question (0 when not a lexical candidate). */
  bm25Relative: number;
  /** Rank in the lexical and vector candidate lists (0-based), null when not in that list. */
  lexicalRank: number | null;
  vectorRank: number | null;
}

export interface RankerWeights {
  features: readonly string[];
  weights: number[];
  bias: number;
  /** The relevance below which the bot says it does not know (chosen with the weights). */
  threshold?: number;
  /** The lower relevance from which a question goes to an LLM, which may still say "no answer". */
  llmThreshold?: number;
}

export function passageFeatures(s: PassageSignals): number[] {
  return [s.semantic, s.coverage, s.headingCoverage];
}

const trained: RankerWeights = weights;
if (trained.features.join() !== RANKER_FEATURES.join()) throw new Error('passage-ranker-weights.json was trained on other features: run scripts/train-chat-ranker.ts');

/** The trained "don't know" threshold (services/chat/min-relevance.ts). */
export const RANKER_THRESHOLD = trained.threshold ?? 0.5;
export const RANKER_LLM_THRESHOLD = trained.llmThreshold ?? RANKER_THRESHOLD;

/** The probability that the passage answers the question. */
export function passageRelevance(features: readonly number[], model: RankerWeights = trained): number {
  let z = model.bias;
  for (let i = 0; i < features.length; i++) z += model.weights[i]! * features[i]!;
  return 1 / (1 + Math.exp(-z));
}
