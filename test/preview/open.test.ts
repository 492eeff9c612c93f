import { chmodSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { previewProject, startPreview } from './support.js';

/** `oc-sync preview --open` starts the browser the user configured (`BROWSER`) with the preview's URL. */
describe('oc-sync preview --open', () => {
  it('runs $BROWSER with the URL it serves, once, and keeps serving', async () => {
    using project = previewProject();
    project.write('browser.sh', '#!/bin/sh\nprintf "%s\\n" "$@" >> "$(dirname "$0")/opened.txt"\n');
    const browser = path.join(project.root, 'browser.sh');
    chmodSync(browser, 0o755);
    const opened = path.join(project.root, 'opened.txt');
    await using preview = await startPreview(project, ['--open'], { BROWSER: browser });
    await expect.poll(() => existsSync(opened), { timeout: 5_000 }).toBe(true);
    expect(readFileSync(opened, 'utf8')).toBe(`${preview.url}\n`);
    const home = await fetch(new URL('ko/index.html', preview.url));
    expect(home.status).toBe(200);
  });

  it('says how to open the preview when the browser cannot be started', async () => {
    using project = previewProject();
    await using preview = await startPreview(project, ['--open'], {
      BROWSER: path.join(project.root, 'no-such-browser'),
    });
    await expect
      .poll(() => preview.output(), { timeout: 5_000 })
      .toContain(`could not open a browser; open ${preview.url}`);
    expect((await fetch(new URL('ko/index.html', preview.url))).status).toBe(200);
  });
});
