import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '@/services/knowledge/parse-markdown';
import { chunkSections } from '@/services/knowledge/chunk-sections';
import { markupIn } from '@/test/support/markup';

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, 'fixtures', 'arduino', name), 'utf8');

describe('lists, steps, tables and code keep their structure in chunk text', () => {
  it('a real article: numbered steps stay numbered lines (renumbered when written "1." each), table rows read "Header: value"', () => {
    const email = chunkSections(parseMarkdown(fixture('Change-the-email-address-for-your-Arduino-account.md')).sections);
    expect(email).toHaveLength(1);
    expect(email[0]!.text.split('\n').slice(2)).toEqual([
      'Follow the steps below to change the email address:',
      '1. Sign into id.arduino.cc.',
      '2. In the Personal info tab, scroll down to the Account settings section.',
      '3. Click the Edit button under Account settings.',
      '4. Enter a new email address in the Email field.',
      '5. Click Save settings.',
      '6. An email will be sent to the new email address with instructions on how to confirm the change.',
    ]);
    // A step is one sentence of its own, number included (what extractive answers pick from).
    expect(email[0]!.sentences).toContain('3. Click the Edit button under Account settings.');

    const status = parseMarkdown(fixture('About-device-status-in-Arduino-Cloud.md'));
    expect(status.sections[0]!.paragraphs).toEqual([
      'In Arduino Cloud, the device status describes the connection between your device and the Cloud.',
      'Note: Device status is not supported by the LoRa communication protocol, and is not available for MKR WAN 1300, MKR WAN 1310, and other LoRa devices.',
      'Devices in Arduino Cloud with different statuses.', // the image, by its alt text
      'One of these will be displayed for each device:',
      'Status: Online; Description: The device is connected and communicating with the Arduino Cloud.',
      'Status: Offline; Description: The device has initialized a connection but is not connected to the Arduino Cloud.',
      'Status: Unknown; Description: Device status is not supported for this device.',
      'After uploading your sketch, it may take a few minutes before the status changes to Online.',
    ]);
    expect(status.sections[1]!.paragraphs.slice(1, 4)).toEqual([
      '1. Go to the Devices tab.',
      "2. Click on your device's name to open a page with more information about your device.",
      '3. The Device Status History is located at the top right side of the page.',
    ]);
  });

  it('keeps nesting order, a list that starts at 4, and paragraphs inside an item under it', () => {
    const doc = parseMarkdown(`## Set up

4. Open **Settings**.
   - Choose *Billing*.
   - Choose _Invoices_.

   The list shows the last 12 invoices.
5. Click \`Download\`.
`);
    expect(doc.sections[0]!.paragraphs).toEqual(['4. Open Settings.', 'Choose Billing.', 'Choose Invoices.', 'The list shows the last 12 invoices.', '5. Click Download.']);
  });

  it('never splits a code block, and keeps its lines', () => {
    const code = Array.from({ length: 40 }, (_, i) => `  digitalWrite(${i}, HIGH); // pin ${i}`).join('\n');
    const chunks = chunkSections(parseMarkdown(`## Blink\n\nUpload this sketch.\n\n\`\`\`cpp\nvoid loop() {\n${code}\n}\n\`\`\`\n\nThen watch the LED.`).sections, { target: 300, max: 500 });
    const withCode = chunks.filter((c) => c.text.includes('digitalWrite'));
    expect(withCode).toHaveLength(1);
    expect(withCode[0]!.text).toBe(`void loop() {\n${code}\n}`);
    expect(withCode[0]!.sentences).toEqual([withCode[0]!.text]);
    expect(chunks.map((c) => c.text)).toEqual(['Upload this sketch.', withCode[0]!.text, 'Then watch the LED.']);
  });

  it('leaves no markup in any chunk of the sample articles', () => {
    for (const name of ['About-device-status-in-Arduino-Cloud.md', 'Change-the-email-address-for-your-Arduino-account.md', 'Pin-name-differences-when-using-the-Nano-Screw-Terminal-Adapter-with-Nano-R4-or-Nano-ESP32.md']) {
      const doc = parseMarkdown(fixture(name));
      for (const c of chunkSections(doc.sections, { title: doc.title })) expect([name, markupIn(`${c.heading}\n${c.text}`)]).toEqual([name, []]);
    }
  });
});

describe('each chunk carries its heading path under the document title', () => {
  it('joins the path with " › " and leaves out a top heading that repeats the title', () => {
    const doc = parseMarkdown(`# Returns\n\nYou can return anything.\n\n## Refunds\n\n### By card\n\nRefunds take 5 days.\n`);
    expect(chunkSections(doc.sections).map((c) => c.heading)).toEqual(['Returns', 'Returns › Refunds › By card']);
    // Shown as "<title> › <heading>": the title is not repeated...
    expect(chunkSections(doc.sections, { title: doc.title }).map((c) => c.heading)).toEqual(['', 'Refunds › By card']);
    // ...but a different title leaves the path whole.
    expect(chunkSections(doc.sections, { title: 'Store policies' }).map((c) => c.heading)).toEqual(['Returns', 'Returns › Refunds › By card']);
  });

  it('an Arduino article: front-matter title, sections by their H2', () => {
    const doc = parseMarkdown(fixture('Pin-name-differences-when-using-the-Nano-Screw-Terminal-Adapter-with-Nano-R4-or-Nano-ESP32.md'));
    const chunks = chunkSections(doc.sections, { title: doc.title });
    expect(chunks.map((c) => [c.heading, c.anchor])).toEqual([
      ['', undefined],
      ['Arduino Nano R4', 'arduino-nano-r4'],
      ['Arduino Nano ESP32', 'arduino-nano-esp32'],
    ]);
    expect(chunks[2]!.text.split('\n').slice(1, 4)).toEqual([
      'Nano ESP32 pin: B0; Nano Screw Terminal Adapter: REF',
      'Nano ESP32 pin: VBUS; Nano Screw Terminal Adapter: 5V',
      'Nano ESP32 pin: B1; Nano Screw Terminal Adapter: RST',
    ]);
  });
});
