import type { Element, Root, RootContent } from 'hast';
import { describe, expect, it } from 'vitest';
import { parseFragment } from '../../src/content/dom-equivalence.js';
import { URL_ATTRIBUTES } from '../../src/content/markdown.js';
import type { Emulator } from '../../src/emulator/index.js';
import { seedFaqs } from '../pull/support/pull-rig.js';
import { KEY_VARIABLE, oc, said } from './support/cli.js';
import { makeProject, ORG_ID, remoteConfig, SERVICE_ID, startEmulator } from './support/project.js';

/**
 * Issue 16, parts 1–3: the URLs a service's HTML holds are what the help-center site, apps and mail show, so pull
 * keeps every one exactly — root-relative, page-relative, fragments, other schemes — and a migration writes the
 * same `href`/`src` values to the target, links to the service's own documents pointing at the target's ids.
 */

/** Every URL attribute of a body, in document order, as the strings the HTML holds. */
function urlAttributes(html: string): string[] {
  const found: string[] = [];
  const walk = (nodes: readonly RootContent[]) => {
    for (const node of nodes) {
      if (node.type !== 'element') continue;
      const element = node as Element;
      for (const attribute of URL_ATTRIBUTES[element.tagName] ?? []) {
        const value = element.properties[attribute];
        if (typeof value === 'string') found.push(`${element.tagName} ${attribute}=${value}`);
      }
      walk(element.children);
    }
  };
  walk((parseFragment(html) as Root).children);
  return found;
}

function environments(names: Record<string, Emulator>, documentUrl: string): string {
  const lines = [
    'content: content',
    'languages: [ko, en]',
    'timeZone: Asia/Seoul',
    'defaultEnvironment: real',
  ];
  lines.push('environments:');
  for (const [name, emulator] of Object.entries(names))
    lines.push(
      `  ${name}:`,
      `    baseUrl: ${JSON.stringify(emulator.url)}`,
      `    serviceId: ${SERVICE_ID}`,
      `    orgId: ${ORG_ID}`,
      `    serviceKey: "\${${KEY_VARIABLE}}"`,
      `    documentUrl: ${JSON.stringify(documentUrl)}`,
    );
  lines.push('sync:', '  concurrency: 4', '  requestsPerSecond: 1000', '');
  return lines.join('\n');
}

/** URLs as editors and paste paths leave them: every form but the service's own documents. */
const WEB_URLS = [
  '<p><a href="/hc/ko/faq/12">root-relative</a> <a href="../guide">up</a> <a href="guide">same folder</a>',
  ' <a href="./guide/start">dot</a> <a href="?page=2">query</a> <a href="#top">fragment</a>',
  ' <a href="mailto:help@example.com">mail</a> <a href="tel:+82-2-1234-5678">tel</a>',
  ' <a href="//cdn.example.com/x">scheme-relative</a> <a href="https://example.com/a?b=1&amp;c=2">absolute</a></p>',
  '<p><img src="/userfiles/a.png" alt="a"> <img src="images/b.png" alt="b"></p>',
  '<video src="clip.mp4" poster="poster.png"><track src="subs.vtt" kind="captions"></video>',
].join('');

function seed(
  emulator: Emulator,
  body: (targetId: number) => string,
): { targetId: number; linkingId: number } {
  const { ids } = seedFaqs(emulator, { code: 'account', names: { ko: '계정', en: 'Account' } }, [
    { title: '비밀번호 찾기', content: '<p>비밀번호 찾기를 누르세요.</p>' },
    { title: '링크 모음', content: ([targetId]) => body(targetId as number) },
  ]);
  return { targetId: ids[0] as number, linkingId: ids[1] as number };
}

const bodyOf = (emulator: Emulator, id: number) =>
  ((emulator.service().get('faq', id) as { contents: Record<string, { content: string }> }).contents.ko
    ?.content ?? '') as string;

const faqIdByTitle = (emulator: Emulator, title: string) =>
  Number(
    emulator
      .service()
      .list('faq')
      .find((record) => record.title === title)?.helpDocId,
  );

describe('pull keeps web URLs exactly', { timeout: 120_000 }, () => {
  it('root-relative documentUrl: every URL comes back byte for byte, document links with the target ids', async () => {
    await using real = await startEmulator();
    await using beta = await startEmulator();
    const { targetId, linkingId } = seed(
      real,
      (id) => `${WEB_URLS}<p><a href="/hc/${SERVICE_ID}/faq/${id}#steps">찾기</a></p>`,
    );
    using project = makeProject({
      'sync.config.yaml': environments({ real, beta }, '/hc/{serviceId}/{kind}/{id}'),
    });

    const pulled = await oc(project.root, ['pull', '--env', 'real']);
    expect(pulled.code, said(pulled)).toBe(0);
    expect(pulled.stdout + pulled.stderr).not.toContain('is relative');
    const markdown = project.read('content/faq/account/링크-모음.md');
    expect(markdown).not.toContain(real.url);
    expect(markdown).toContain('(web:../guide)');
    expect(markdown).toContain('(./비밀번호-찾기.md#steps)');
    const plan = await oc(project.root, ['plan', '--env', 'real']);
    expect(plan.stdout, said(plan)).toContain('No changes.');

    const migrated = await oc(project.root, ['migrate', '--from', 'real', '--to', 'beta', '--yes']);
    expect(migrated.code, said(migrated)).toBe(0);
    const betaTarget = faqIdByTitle(beta, '비밀번호 찾기');
    const expected = urlAttributes(bodyOf(real, linkingId)).map((attribute) =>
      attribute.replace(`/faq/${targetId}#`, `/faq/${betaTarget}#`),
    );
    expect(expected).toContain(`a href=/hc/${SERVICE_ID}/faq/${betaTarget}#steps`);
    expect(urlAttributes(bodyOf(beta, faqIdByTitle(beta, '링크 모음')))).toEqual(expected);
  });

  it('documentUrl on a public host: its links become .md links, root-relative ones stay exactly as they are', async () => {
    await using real = await startEmulator();
    await using beta = await startEmulator();
    const publicHost = 'https://help.example.com/hc/{serviceId}/{kind}/{id}';
    const { targetId, linkingId } = seed(
      real,
      (id) =>
        `<p><a href="https://help.example.com/hc/${SERVICE_ID}/faq/${id}">public</a> <a href="/hc/${SERVICE_ID}/faq/${id}">site</a></p>`,
    );
    using project = makeProject({ 'sync.config.yaml': environments({ real, beta }, publicHost) });

    const pulled = await oc(project.root, ['pull', '--env', 'real']);
    expect(pulled.code, said(pulled)).toBe(0);
    expect(pulled.stdout + pulled.stderr).toContain(
      `FAQ faq/account/링크-모음: the link /hc/${SERVICE_ID}/faq/${targetId} to faq/account/비밀번호-찾기 is kept as a web URL, since apply writes documentUrl links as ${publicHost}; set documentUrl: /hc/{serviceId}/{kind}/{id} for this environment`,
    );
    const markdown = project.read('content/faq/account/링크-모음.md');
    expect(markdown).toContain('[public](./비밀번호-찾기.md)');
    expect(markdown).toContain(`[site](/hc/${SERVICE_ID}/faq/${targetId})`);

    const migrated = await oc(project.root, ['migrate', '--from', 'real', '--to', 'beta', '--yes']);
    expect(migrated.code, said(migrated)).toBe(0);
    const betaTarget = faqIdByTitle(beta, '비밀번호 찾기');
    expect(urlAttributes(bodyOf(real, linkingId))).toEqual([
      `a href=https://help.example.com/hc/${SERVICE_ID}/faq/${targetId}`,
      `a href=/hc/${SERVICE_ID}/faq/${targetId}`,
    ]);
    expect(urlAttributes(bodyOf(beta, faqIdByTitle(beta, '링크 모음')))).toEqual([
      `a href=https://help.example.com/hc/${SERVICE_ID}/faq/${betaTarget}`,
      `a href=/hc/${SERVICE_ID}/faq/${targetId}`,
    ]);
  });
});

describe('web URLs in Markdown', { timeout: 60_000 }, () => {
  const faq = (body: string) => `---\ncategory: account\n---\n# 링크\n\n${body}\n`;
  const categories = '- code: account\n  name: 계정\n';

  it('root-relative and web: URLs are applied unchanged; mistyped file links stay errors', async () => {
    await using emulator = await startEmulator();
    using project = makeProject({
      'sync.config.yaml': remoteConfig(emulator),
      'content/faq/_categories.yaml': categories,
      'content/faq/links.md': faq(
        '[x](/hc/ko/faq/12) <a href="/hc/ko/faq/13">raw</a> [up](web:../guide) ![b](web:images/b.png)',
      ),
    });
    const applied = await oc(project.root, ['apply', '--yes']);
    expect(applied.code, said(applied)).toBe(0);
    const id = project.state().documents['faq/links']?.id as number;
    expect(urlAttributes(bodyOf(emulator, id))).toEqual([
      'a href=/hc/ko/faq/12',
      'a href=/hc/ko/faq/13',
      'a href=../guide',
      'img src=images/b.png',
    ]);

    project.write(
      'content/faq/broken.md',
      faq('[a](./missing.md) ![b](./missing.png) [c](../../x.pdf) [d](web:javascript:alert(1))'),
    );
    const validated = await oc(project.root, ['validate']);
    expect(validated.code).toBe(1);
    const output = validated.stdout + validated.stderr;
    expect(output).toContain('content/broken-link');
    expect(output).toContain('content/missing-attachment');
    expect(output).toContain('content/path-outside-content');
    expect(output).toContain('content/web-url-with-scheme');
    expect(output).toContain(
      'hint: check the path: it is relative to this file; a web URL relative to the page is written web:, e.g. [guide](web:../guide)',
    );
    expect(output).toContain('hint: write the URL without web: (javascript:alert(1))');
    expect(output).not.toContain('/hc/ko/faq/12');
  });
});
