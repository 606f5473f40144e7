import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '@/services/knowledge/parse-markdown';
import { chunkSections } from '@/services/knowledge/chunk-sections';
import { markupIn } from '@/test/support/markup';

const texts = (source: string) => chunkSections(parseMarkdown(source).sections).map((c) => c.text);

describe('admonitions become their text, with their title or kind as a lead-in', () => {
  it('Docusaurus / VuePress (:::kind Title ... :::, :::kind[Title], nested ::::)', () => {
    const [text] = texts(`## Install the agent

:::tip
Install the agent before you plug in the board.
:::

:::warning Unsupported browsers
Safari does not support the serial port.
:::

:::info[Good to know]

- The agent starts with your computer.
- It listens on port 8991.

:::

::::important
The agent needs **admin rights**.

:::note
Ask your IT team if you do not have them.
:::
::::

Then open the editor.
`);
    expect(text).toBe(
      [
        'Tip: Install the agent before you plug in the board.',
        'Unsupported browsers: Safari does not support the serial port.',
        'Good to know:',
        'The agent starts with your computer.',
        'It listens on port 8991.',
        'Important: The agent needs admin rights.',
        'Note: Ask your IT team if you do not have them.',
        'Then open the editor.',
      ].join('\n'),
    );
    expect(markupIn(text!)).toEqual([]);
  });

  it('MkDocs (!!! kind "Title" with an indented body, ??? collapsible), code inside kept as code', () => {
    const [text] = texts(`# Backups

!!! note
    Backups run every night at 2 am.

!!! warning "Before you restore"
    A restore replaces the current data.

    Run this first:

    \`\`\`
    cairn export --all > before-restore.json
    \`\`\`

???+ tip "Faster restores"
    Restore a single table with \`--only\`.

Restores take about ten minutes.
`);
    expect(text).toBe(
      [
        'Note: Backups run every night at 2 am.',
        'Before you restore: A restore replaces the current data.',
        'Run this first:',
        'cairn export --all > before-restore.json',
        'Faster restores: Restore a single table with --only.',
        'Restores take about ten minutes.',
      ].join('\n'),
    );
  });

  it('GitHub alerts (> [!NOTE]) as in the Arduino help centre, on their own line or inline', () => {
    const [text] = texts(`Learn how to change the email address associated with your Arduino account.

> [!NOTE] If you created your account using a third-party sign-in option (Google, GitHub, or Apple), you won't be able to change the associated email address.

> [!WARNING]
> Device status is not supported by the LoRa communication protocol.
`);
    expect(text!.split('\n')).toEqual([
      'Learn how to change the email address associated with your Arduino account.',
      "Note: If you created your account using a third-party sign-in option (Google, GitHub, or Apple), you won't be able to change the associated email address.",
      'Warning: Device status is not supported by the LoRa communication protocol.',
    ]);
  });

  it('leaves ":::" and "!!!" inside code blocks alone', () => {
    const [text] = texts('Example:\n\n```md\n:::tip\nHello\n:::\n```\n');
    expect(text).toBe('Example:\n:::tip\nHello\n:::');
  });
});
