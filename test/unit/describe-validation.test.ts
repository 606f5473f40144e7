import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { detailsFromZodIssues } from '@/services/errors/app-error';
import { describeDetail, describeValidation, fieldLabel, friendlyProblem } from '@/services/errors/describe-validation';
import { addDocumentSchema } from '@/services/knowledge/schemas';

const detailsOf = (schema: z.ZodType, input: unknown) => {
  const r = schema.safeParse(input);
  if (r.success) throw new Error('expected a validation failure');
  return detailsFromZodIssues(r.error.issues);
};

// Raw zod v4 wording must never reach a form.
const RAW = /Too big|Too small|Invalid input|Invalid option|expected \w+ to|received|Unrecognized|<=|>=/;

describe('describeValidation', () => {
  it('names a Q&A pair field by its position, in words', () => {
    const details = detailsOf(addDocumentSchema, { kind: 'qa', pairs: [{ question: 'Ok?', answer: 'Yes' }, { question: '  ', answer: 'No' }] });
    const { message, fieldErrors } = describeValidation(details, { 'pairs.*.question': 'Question $1', 'pairs.*.answer': 'Answer $1' });
    expect(message).toBe('Question 2 must not be empty.');
    expect(fieldErrors).toEqual({ pairs: 'Question 2 must not be empty' });
  });

  it("rewrites zod's default messages and keeps a schema's own words", () => {
    const schema = z.strictObject({
      name: z.string().max(100),
      note: z.string().min(1),
      weights: z.strictObject({ view: z.number(), purchase: z.number().max(100) }),
      halfLifeDays: z.number().int().min(1),
      mode: z.enum(['daily', 'hourly']),
      email: z.email(),
      own: z.string().max(3, 'must be at most 3 letters'),
      tags: z.array(z.string()).max(2),
    });
    const details = detailsOf(schema, {
      name: 'x'.repeat(101),
      note: '',
      weights: { view: Number.NaN, purchase: 101 },
      halfLifeDays: 0.5,
      mode: 'weekly',
      email: 'nope',
      own: 'abcd',
      tags: ['a', 'b', 'c'],
      extra: 1,
    });
    const sentences = details.map((d) => describeDetail(d, { 'weights.*': 'Weight for $1', halfLifeDays: 'Time decay half-life (days)' }));
    expect(sentences).toEqual(
      expect.arrayContaining([
        'Name must be at most 100 characters',
        'Note must not be empty',
        'Weight for view must be a number',
        'Weight for purchase must be at most 100',
        'Time decay half-life (days) must be a whole number',
        'Mode must be one of daily, hourly',
        'Email must be a valid email address',
        'Own must be at most 3 letters',
        'Tags must have at most 2 items',
        'Has an unknown field: extra',
      ]),
    );
    for (const s of sentences) expect(s).not.toMatch(RAW);
    const { message } = describeValidation(details);
    expect(message).toMatch(/^Name must be at most 100 characters; .+ \(and \d+ more\)\.$/);
    expect(message).not.toMatch(RAW);
  });

  it('says "is required" for a missing field and words camelCase paths without labels', () => {
    const details = detailsOf(z.object({ percentB: z.number(), versionA: z.string() }), { versionA: 'v1' });
    expect(describeValidation(details).message).toBe('Percent b is required.');
    expect(fieldLabel('eventWeights.add_to_cart')).toBe('Event weights add to cart');
    expect(fieldLabel('pairs.0.answer')).toBe('Pairs item 1 answer');
  });

  it('leaves messages it does not know as they are, with a colon when they are their own sentence', () => {
    expect(friendlyProblem('must be an ISO 8601 date-time')).toBe('must be an ISO 8601 date-time');
    expect(describeDetail({ path: 'file', message: 'The file has no rows' }, { file: 'File' })).toBe('File: The file has no rows');
    expect(describeDetail({ path: '(root)', message: 'must hold something' })).toBe('Must hold something');
  });

  it('names a single-value schema through its (root) label, without repeating a name the message already says', () => {
    const name = z.string().trim().min(1, 'Workspace name is required').max(100);
    const labels = { '(root)': 'Workspace name' };
    expect(describeValidation(detailsOf(name, 'x'.repeat(101)), labels)).toEqual({
      message: 'Workspace name must be at most 100 characters.',
      fieldErrors: { '(root)': 'Workspace name must be at most 100 characters' },
    });
    expect(describeValidation(detailsOf(name, '  '), labels).message).toBe('Workspace name is required.');
  });
});
