import { AppError } from '@/services/errors/app-error';
import { parseHtml } from './parse-html';
import { parseMarkdown } from './parse-markdown';
import { parsePdf } from './parse-pdf';
import { parseText } from './parse-text';
import type { FileKind, QaPair } from './schemas';
import { SectionBuilder, type ParsedDocument } from './sections';

/** Decodes text bytes: UTF-8 (a BOM is dropped); invalid sequences become U+FFFD, never an error. */
export function decodeText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(bytes).replace(/\u0000/g, '');
}

/** A file's bytes -> sections, by kind. Throws a bad_request AppError for unreadable files. */
export async function parseFile(kind: FileKind, bytes: Uint8Array): Promise<ParsedDocument> {
  switch (kind) {
    case 'markdown':
      return parseMarkdown(decodeText(bytes));
    case 'text':
      return parseText(decodeText(bytes));
    case 'html':
      return parseHtml(decodeText(bytes));
    case 'pdf':
      if (!startsWith(bytes, '%PDF-')) throw new AppError('bad_request', 'The file is not a PDF (it does not start with %PDF-)');
      try {
        return await parsePdf(bytes);
      } catch (err) {
        throw new AppError('bad_request', `The PDF could not be read: ${err instanceof Error ? err.message : String(err)}`);
      }
  }
}

/** Q&A pairs -> one section per pair, the question as its heading. */
export function parseQaPairs(pairs: QaPair[]): ParsedDocument {
  const builder = new SectionBuilder();
  pairs.forEach((p, i) => {
    builder.heading(1, p.question, `qa-${i + 1}`);
    for (const para of p.answer.split(/\n\s*\n/)) builder.paragraph(para);
  });
  return { sections: builder.done() };
}

function startsWith(bytes: Uint8Array, magic: string) {
  // Some PDFs carry a few bytes of junk before the header; PDF readers look within the first 1 KB.
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  return head.includes(magic);
}
