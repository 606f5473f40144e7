// Validation errors worded for a person: "Question 2 must not be empty", never "Request validation
// failed" or zod's "Too big: expected string to have <=100 characters". Used by every dashboard
// form (app/lib/session.ts runAction); the API keeps its details (path, message, code) as they are.
import type { ErrorDetail } from './app-error';

/**
 * Field names in words, by dotted path. `*` matches one path segment; `$1`, `$2`... in the label
 * are the segments `*` matched, a numeric one (an array index) counted from 1:
 * `{ 'pairs.*.question': 'Question $1' }` turns `pairs.1.question` into "Question 2".
 */
export type FieldLabels = Record<string, string>;

export interface DescribedValidation {
  /** One sentence (or a few, joined) naming each failing field. */
  message: string;
  /** Per top-level form field: the sentence for its first problem. */
  fieldErrors: Record<string, string>;
}

/** What parseOrThrow (services/validation.ts) says for any schema: forms replace it with the fields' sentences. */
export const GENERIC_VALIDATION_MESSAGE = 'Request validation failed';

const MAX_LISTED = 3;

/** A whole set of details -> the form's message and its per-field sentences. */
export function describeValidation(details: readonly ErrorDetail[], labels: FieldLabels = {}): DescribedValidation {
  const fieldErrors: Record<string, string> = {};
  const sentences: string[] = [];
  for (const d of details) {
    const sentence = describeDetail(d, labels);
    const top = d.path.split('.')[0] || d.path;
    fieldErrors[top] ??= sentence;
    if (!sentences.includes(sentence)) sentences.push(sentence);
  }
  const listed = sentences.slice(0, MAX_LISTED).map((s) => s.replace(/\.$/, ''));
  const more = sentences.length - listed.length;
  const message = sentences.length === 0 ? 'Some fields are not valid.' : `${listed.join('; ')}${more > 0 ? ` (and ${more} more)` : ''}.`;
  return { message, fieldErrors };
}

/** One detail -> "Label problem" (or "Label: Problem" when the problem is its own sentence). */
export function describeDetail(detail: ErrorDetail, labels: FieldLabels = {}): string {
  const problem = friendlyProblem(detail.message, detail.code);
  // A schema of one value (a workspace name) fails at the root: only a label names it.
  const label = detail.path === '(root)' || detail.path === '' ? labels['(root)'] : fieldLabel(detail.path, labels);
  if (!label || problem.toLowerCase().startsWith(label.toLowerCase())) return capitalize(problem);
  return /^[a-z]/.test(problem) ? `${label} ${problem}` : `${label}: ${problem}`;
}

/** A dotted path in words: a matching label, else the path's words ("eventWeights.view" -> "Event weights view"). */
export function fieldLabel(path: string, labels: FieldLabels = {}): string {
  const segments = path.split('.');
  for (const [pattern, label] of Object.entries(labels)) {
    const parts = pattern.split('.');
    if (parts.length !== segments.length) continue;
    const captured: string[] = [];
    if (!parts.every((p, i) => (p === '*' ? captured.push(segments[i]!) > 0 : p === segments[i]))) continue;
    return label.replace(/\$(\d)/g, (_, n: string) => {
      const s = captured[Number(n) - 1] ?? '';
      return /^\d+$/.test(s) ? String(Number(s) + 1) : words(s);
    });
  }
  const spoken = segments.map((s) => (/^\d+$/.test(s) ? `item ${Number(s) + 1}` : words(s))).join(' ');
  return capitalize(spoken);
}

const words = (s: string) => s.replace(/_/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const TYPE_WORDS: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'on or off',
  array: 'a list',
  object: 'an object',
  date: 'a date',
};

const unquote = (v: string) => v.replace(/^"(.*)"$/, '$1');

/**
 * zod's default English messages (v4 locale) -> a lower-case predicate; messages a schema wrote
 * itself ("must be at most 200 characters") pass through unchanged.
 */
export function friendlyProblem(message: string, code?: string): string {
  let m: RegExpExecArray | null;
  if ((m = /^Invalid input: expected (\w+), received (\w+)$/.exec(message))) {
    const [, expected, received] = m;
    if (received === 'undefined' || received === 'null') return 'is required';
    if (expected === 'number' && received === 'NaN') return 'must be a number';
    return `must be ${TYPE_WORDS[expected!] ?? expected}`;
  }
  if ((m = /^Too (big|small): expected (\w+) to have (<=|<|>=|>)(\S+) (\w+)$/.exec(message))) {
    const [, , origin, op, n, unit] = m;
    if ((op === '>=' && n === '1') || (op === '>' && n === '0')) return origin === 'string' ? 'must not be empty' : `must have at least one ${singular(unit!)}`;
    const bound = { '<=': 'at most', '<': 'fewer than', '>=': 'at least', '>': 'more than' }[op!];
    return origin === 'string' ? `must be ${bound} ${n} ${unit}` : `must have ${bound} ${n} ${unit}`;
  }
  if ((m = /^Too (big|small): expected \w+ to be (<=|<|>=|>)(\S+)$/.exec(message))) {
    const bound = { '<=': 'at most', '<': 'less than', '>=': 'at least', '>': 'more than' }[m[2]!];
    return `must be ${bound} ${m[3]}`;
  }
  if ((m = /^Invalid option: expected one of (.+)$/.exec(message))) return `must be one of ${m[1]!.split('|').map(unquote).join(', ')}`;
  if ((m = /^Invalid input: expected (.+)$/.exec(message))) return `must be ${unquote(m[1]!)}`;
  if ((m = /^Invalid (?:string|number): (must .+)$/.exec(message))) return m[1]!;
  if ((m = /^Unrecognized keys?: (.+)$/.exec(message))) return `has an unknown field: ${m[1]!.replace(/"/g, '')}`;
  if ((m = /^Invalid discriminator value\. Expected (.+)$/.exec(message))) return `must be one of ${m[1]!.split('|').map((v) => unquote(v.trim())).join(', ')}`;
  if (message === 'Invalid input' || message === 'Invalid input: more than one option matched' || /^Invalid (key|value) in \w+$/.test(message)) return 'is not valid';
  if ((m = /^Invalid (.+)$/.exec(message)) && code === 'invalid_format') return `must be a valid ${m[1]!}`;
  return message;
}

const singular = (unit: string) => unit.replace(/s$/, '');
