// Test PDFs generated with pdf-lib: pages of headings (large bold) and body lines.
import { PDFDocument, StandardFonts } from 'pdf-lib';

export type PdfPage = ({ heading: string } | { line: string } | { gap: true })[];

export async function makePdf(pages: PdfPage[], title?: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  if (title) doc.setTitle(title);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  for (const content of pages) {
    const page = doc.addPage([595, 842]);
    let y = 780;
    for (const block of content) {
      if ('heading' in block) {
        y -= 10;
        page.drawText(block.heading, { x: 50, y, size: 18, font: bold });
        y -= 26;
      } else if ('line' in block) {
        page.drawText(block.line, { x: 50, y, size: 11, font });
        y -= 14;
      } else y -= 14;
    }
  }
  return doc.save();
}
