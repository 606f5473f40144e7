import { AppError } from '@/services/errors/app-error';
import type { QaPair } from './schemas';

/**
 * Q&A pairs as the dashboard edits them, in one textarea: "Q: ..." then "A: ..." blocks; lines
 * that follow either continue it. Every problem is reported with its line.
 */
export function parseQaText(source: string): { question: string; answer: string }[] {
  const pairs: { question: string; answer: string }[] = [];
  let current: { question: string; answer: string } | null = null;
  let field: 'question' | 'answer' | null = null;
  source.split(/\r?\n/).forEach((line, i) => {
    const q = /^\s*Q\s*[:.]\s*(.*)$/i.exec(line);
    const a = /^\s*A\s*[:.]\s*(.*)$/i.exec(line);
    if (q) {
      if (current) pairs.push(current);
      current = { question: q[1]!, answer: '' };
      field = 'question';
    } else if (a) {
      if (!current) throw new AppError('validation_failed', `Line ${i + 1}: an answer (A:) needs a question (Q:) before it`, [{ path: 'pairs', message: `line ${i + 1}: answer without a question` }]);
      current.answer = a[1]!;
      field = 'answer';
    } else if (current && field && line.trim()) {
      current[field] += `\n${line}`;
    }
  });
  if (current) pairs.push(current);
  return pairs;
}

/** The pairs in the textarea format parseQaText reads back unchanged. */
export const formatQaText = (pairs: readonly QaPair[]) => pairs.map((p) => `Q: ${p.question}\nA: ${p.answer}`).join('\n\n');
