import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/services/db/client';
import { addDocument, addFileDocument } from '@/services/knowledge/add-document';
import { addUploadedFile } from '@/services/knowledge/add-uploaded-file';
import { getDocument } from '@/services/knowledge/get-document';
import { indexDocument } from '@/services/knowledge/index-document';
import { stopEmbeddingModel } from '@/services/embeddings/embedding-model';
import { buildOwner } from '@/test/support/builders';
import { loadEmbeddingModel } from '@/test/support/knowledge';
import { markupIn } from '@/test/support/markup';

// A help-centre article as docs sites write it: front matter, an H1 repeating the title, MDX,
// admonitions of three dialects, numbered steps, a table and a code block.
const ARTICLE = `---
title: "Connect your board to Wi-Fi"
description: Troubleshoot wireless connection problems
tags: [wifi, network]
id: 4412345
---
import Tabs from '@theme/Tabs';

# Connect your board to Wi-Fi

{/* reviewed 2024-05 */}
Your board needs a **2.4 GHz** network to reach [the Cloud](https://app.example.com).

:::tip Before you start
Keep the board within ten metres of the router.
:::

## Set up the connection

1. Open the **Devices** tab.
1. Click <kbd>Change network</kbd>.
1. Enter the network name and password, then click *Save*.

> [!WARNING]
> Networks that need a captive-portal login are not supported.

### Supported security

| Security | Supported |
|---|---|
| WPA2 | Yes |
| WEP | No |

!!! note "Enterprise networks"
    Use the \`wpa_supplicant\` settings shown below.

\`\`\`ini
[network]
security = wpa2-enterprise
\`\`\`
`;

let owner: Awaited<ReturnType<typeof buildOwner>>;
beforeAll(async () => {
  await loadEmbeddingModel();
  owner = await buildOwner();
}, 240_000);
afterAll(async () => {
  await stopEmbeddingModel();
});

const storedChunks = (workspaceId: string, documentId: string) =>
  db().$queryRaw<{ title: string; heading: string; text: string; headingLexemes: string[] }[]>`
    SELECT d.title, c.heading, c.text, c."headingLexemes" FROM "KbChunk" c JOIN "KbDocument" d ON d."workspaceId" = c."workspaceId" AND d.id = c."documentId"
    WHERE c."workspaceId" = ${workspaceId} AND c."documentId" = ${documentId} ORDER BY c.idx`;

describe('indexing help-centre Markdown', () => {
  it('stores chunks without markup, under the front-matter title and their heading path', async () => {
    const workspaceId = owner.workspace.id;
    const doc = await addDocument(workspaceId, { kind: 'markdown', content: ARTICLE });
    expect(doc.title).toBe('Connect your board to Wi-Fi');
    expect(await indexDocument(workspaceId, doc.id)).toMatchObject({ status: 'ready' });
    expect((await getDocument(workspaceId, doc.id)).title).toBe('Connect your board to Wi-Fi');

    const chunks = await storedChunks(workspaceId, doc.id);
    for (const c of chunks) {
      expect(c.title).toBe('Connect your board to Wi-Fi');
      expect([c.heading, markupIn(`${c.heading}\n${c.text}`)]).toEqual([c.heading, []]);
      // The title and the front matter's topic keys are searched with the heading, never stored as text.
      expect(c.headingLexemes).toEqual(expect.arrayContaining(['connect', 'board', 'wi', 'fi', 'wifi', 'network', 'troubleshoot']));
      expect(c.text).not.toMatch(/4412345|Troubleshoot wireless|reviewed 2024/);
    }
    // The H1 repeats the title, so paths start below it.
    expect(chunks.map((c) => c.heading)).toEqual(['', 'Set up the connection', 'Set up the connection › Supported security']);
    expect(chunks[0]!.text).toBe('Your board needs a 2.4 GHz network to reach the Cloud.\nBefore you start: Keep the board within ten metres of the router.');
    expect(chunks[1]!.text).toBe(
      [
        '1. Open the Devices tab.',
        '2. Click Change network.',
        '3. Enter the network name and password, then click Save.',
        'Warning: Networks that need a captive-portal login are not supported.',
      ].join('\n'),
    );
    expect(chunks[2]!.text).toBe(
      ['Security: WPA2; Supported: Yes', 'Security: WEP; Supported: No', 'Enterprise networks: Use the wpa_supplicant settings shown below.', '[network]\nsecurity = wpa2-enterprise'].join('\n'),
    );
  });

  it('titles uploaded Markdown by its front matter rather than its file name; a typed title wins', async () => {
    const workspaceId = owner.workspace.id;
    const bytes = new TextEncoder().encode(ARTICLE);
    expect((await addFileDocument(workspaceId, { bytes, filename: 'wifi-setup.md' })).title).toBe('Connect your board to Wi-Fi');
    expect((await addFileDocument(workspaceId, { bytes, filename: 'wifi-setup.md', title: 'Wi-Fi guide' })).title).toBe('Wi-Fi guide');
    expect((await addFileDocument(workspaceId, { bytes: new TextEncoder().encode('No front matter here.'), filename: 'notes.md' })).title).toBe('notes');
    const upload = (title?: string) =>
      addUploadedFile(workspaceId, { body: Readable.from([Buffer.from(bytes)]), contentType: 'text/markdown', declaredBytes: bytes.byteLength, filename: 'wifi-setup.md', title });
    expect((await upload()).title).toBe('Connect your board to Wi-Fi');
    expect((await upload('Typed by the user')).title).toBe('Typed by the user');
  });
});
