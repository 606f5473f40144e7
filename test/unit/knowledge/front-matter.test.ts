import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { frontMatterTitle, splitFrontMatter } from '@/services/knowledge/front-matter';
import { parseMarkdown } from '@/services/knowledge/parse-markdown';
import { markupIn } from '@/test/support/markup';

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, 'fixtures', 'arduino', name), 'utf8');

describe('front matter', () => {
  it('is taken off a real help-centre article: its title becomes the title, its id metadata, none of it text', () => {
    const source = fixture('About-device-status-in-Arduino-Cloud.md');
    const doc = parseMarkdown(source);
    expect(doc.title).toBe('About device status in Arduino Cloud');
    expect(doc.metadata).toEqual({ id: '4407169649682' });
    const text = doc.sections.flatMap((s) => [...s.headings, ...s.paragraphs]).join('\n');
    expect(text).not.toMatch(/title:|4407169649682|^---/m);
    // The article opens with text, not with a heading made of the front matter.
    expect(doc.sections[0]!.headings).toEqual([]);
    expect(doc.sections[0]!.paragraphs[0]).toBe('In Arduino Cloud, the device status describes the connection between your device and the Cloud.');
    expect(doc.sections.map((s) => s.headings)).toEqual([[], ['Device Status History'], ['Further reading']]);
    expect(markupIn(text)).toEqual([]);
  });

  it('reads unquoted titles, and keeps the "---" rules of the body out of the text', () => {
    const doc = parseMarkdown(fixture('Pin-name-differences-when-using-the-Nano-Screw-Terminal-Adapter-with-Nano-R4-or-Nano-ESP32.md'));
    expect(doc.title).toBe('Pin name differences when using the Nano Screw Terminal Adapter with Nano R4 or Nano ESP32');
    expect(doc.sections.map((s) => s.headings)).toEqual([[], ['Arduino Nano R4'], ['Arduino Nano ESP32']]);
    expect(JSON.stringify(doc.sections)).not.toMatch(/---|title:|26381753951260/);
  });

  it('prefers the front-matter title to the first heading; description, tags and other scalars become metadata', () => {
    const doc = parseMarkdown(`---
title: Reset your password
description: "What to do when you cannot sign in"
tags: [account, password]
sidebar_position: 3
draft: false
authors:
  - name: Ana
---

# Password help

Click **Forgot password** on the sign-in page.
`);
    expect(doc.title).toBe('Reset your password');
    expect(doc.metadata).toEqual({ description: 'What to do when you cannot sign in', tags: 'account, password', sidebar_position: '3', draft: 'false' });
    expect(doc.sections).toEqual([{ headings: ['Password help'], paragraphs: ['Click Forgot password on the sign-in page.'], anchor: 'password-help' }]);
  });

  it('reads TOML front matter (Hugo) too', () => {
    const doc = parseMarkdown(`+++
title = "Shipping times"
tags = ["shipping", "delivery"]
weight = 10
+++

Orders leave the warehouse within two days.
`);
    expect(doc.title).toBe('Shipping times');
    expect(doc.metadata).toEqual({ tags: 'shipping, delivery', weight: '10' });
    expect(doc.sections).toEqual([{ headings: [], paragraphs: ['Orders leave the warehouse within two days.'] }]);
  });

  it('leaves a document that merely opens with a rule as it was, and falls back to the first heading', () => {
    const source = '---\n\nWelcome to the store.\n\n---\n\n# Opening hours\n\nWe open at nine.\n';
    expect(splitFrontMatter(source)).toEqual({ body: source, metadata: {} });
    const doc = parseMarkdown(source);
    expect(doc.title).toBe('Opening hours');
    expect(doc.sections[0]!.paragraphs).toEqual(['Welcome to the store.']);
  });

  it('gives the title alone from the head of a large file, without reading the rest', () => {
    expect(frontMatterTitle(`---\ntitle: "Big manual"\n---\n${'Text. '.repeat(2_000_000)}`)).toBe('Big manual');
    expect(frontMatterTitle('# Just a heading\n')).toBeUndefined();
    // A YAML bomb is refused rather than expanded.
    const bomb = `---\na: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ntitle: Bomb\n---\nBody\n`;
    expect(splitFrontMatter(bomb).body).toBe(bomb);
  });
});
