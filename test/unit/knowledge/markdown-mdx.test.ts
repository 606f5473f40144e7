import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '@/services/knowledge/parse-markdown';
import { chunkSections } from '@/services/knowledge/chunk-sections';
import { markupIn } from '@/test/support/markup';

const lines = (source: string) =>
  chunkSections(parseMarkdown(source).sections)
    .map((c) => c.text)
    .join('\n')
    .split('\n');

describe('MDX and HTML in Markdown are reduced to their text', () => {
  it('drops import/export lines and {/* comments */}; Tabs keep their labels as lead-ins and their Markdown as text', () => {
    const source = `---
title: Install the CLI
---
import Tabs from '@theme/Tabs';
import TabItem from '@theme/TabItem';
import {
  Highlight,
  Badge,
} from '@site/src/components';
export const toc = [];

{/* TODO: add a Linux tab */}

Install the CLI with your package manager.

<Tabs groupId="os">
  <TabItem value="mac" label="macOS" default>
    Run \`brew install cairn\` in **Terminal**.
  </TabItem>
  <TabItem value="win" label="Windows">

    1. Download the [installer](https://example.com/cairn.msi).
    2. Run it as administrator.

  </TabItem>
</Tabs>

Press <kbd>Ctrl</kbd> + <kbd>C</kbd> to stop it. <Highlight color="#25c2a0">Version 2</Highlight> is required.

<Admonition type="note" title="Proxy users" />

<YouTube id="abc123" />
`;
    const out = lines(source);
    expect(out).toEqual([
      'Install the CLI with your package manager.',
      'macOS: Run brew install cairn in Terminal.',
      'Windows:',
      '1. Download the installer.',
      '2. Run it as administrator.',
      'Press Ctrl + C to stop it. Version 2 is required.',
      'Proxy users:',
    ]);
    expect(markupIn(out.join('\n'))).toEqual([]);
  });

  it('removes HTML comments and badges; keeps the alt text of other images, Markdown or HTML', () => {
    const out = lines(`# Cairn agent

[![Build status](https://img.shields.io/github/actions/workflow/status/cairn/agent/ci.yml)](https://github.com/cairn/agent/actions) [![npm](https://badge.fury.io/js/cairn.svg)](https://www.npmjs.com/package/cairn)

<!-- This page is generated; edit docs/agent.md instead. -->

The agent syncs your catalogue every hour. <!-- was: every day -->

![The sync status panel, showing the last run](img/sync-status.png)

<p align="center"><img src="img/wiring.png" alt="Wiring diagram of the sensor" width="400"></p>
`);
    expect(out).toEqual(['The agent syncs your catalogue every hour.', 'The sync status panel, showing the last run', 'Wiring diagram of the sensor']);
  });

  it('reads raw HTML tables and <details> row by row', () => {
    const out = lines(`<details>
<summary>Which plans include the API?</summary>

The Pro and Business plans.

</details>

<table>
  <tr><th>Plan</th><th>Price</th></tr>
  <tr><td>Pro</td><td>$10</td></tr>
</table>
`);
    expect(out).toEqual(['Which plans include the API?', 'The Pro and Business plans.', 'Plan; Price', 'Pro; $10']);
  });
});
