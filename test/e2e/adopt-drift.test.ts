import { describe, expect, it } from 'vitest';
import { oc, said } from './support/cli.js';
import { exampleProject, isWrite, startEmulator } from './support/project.js';

/**
 * `pull --adopt` after a lost state, as a new team's trial ran it: a document edited in
 * the console is held as drift (adopt cannot know which side is newer), never reverted by the next apply, and taken
 * by `pull`; documents sharing a title pair by their bodies.
 */

type Contents = Record<string, { title: string; content: string }>;

describe.concurrent('pull --adopt with a lost state', { timeout: 60_000 }, () => {
  it('a console edit is held as drift, not reverted by apply, and taken by pull', async () => {
    await using emulator = await startEmulator();
    using project = exampleProject(emulator);
    expect((await oc(project.root, ['apply', '--yes'])).code).toBe(0);
    const key = 'faq/orders/change-address';
    const id = project.state().documents[key]?.id as number;
    const service = emulator.service();
    // In the web console: the Korean body rewritten (the console sends its whole form).
    const record = service.get('faq', id) as Record<string, unknown>;
    const contents = record.contents as Contents;
    const consoleText = '<p>콘솔에서 고친 안내입니다.</p>';
    service.update('faq', id, {
      status: record.status,
      categoryId: (record.categories as { categoryId: number }[])[0]?.categoryId,
      isTop: record.isTop,
      isRecommend: record.isRecommend,
      contents: { ...contents, ko: { title: contents.ko?.title, content: consoleText } },
    });
    const edited = service.get('faq', id) as Record<string, unknown>;
    project.remove('.oc-sync/state/e2e.json');

    const adopted = await oc(project.root, ['pull', '--adopt']);
    expect(adopted.code, said(adopted)).toBe(0);
    expect(adopted.stdout).toContain(
      `~ ${key} ↔ FAQ ${id}: differs (contents.ko.body) from the service; the next plan holds it as drift: take the service version with oc-sync pull --env e2e, or keep yours with oc-sync apply --env e2e --overwrite-drift`,
    );
    expect(adopted.stdout).not.toContain('the next plan updates the service');

    const planned = await oc(project.root, ['plan']);
    expect(planned.stdout, said(planned)).toContain(
      'Plan: 0 to create, 0 to update, 0 to delete, 1 drifted.',
    );
    expect(planned.stdout).toMatch(new RegExp(`${key}[^\\n]*\\n\\s+drifted: `));
    // Not "changed on the service since the last apply": no apply happened since adopt; adopt cannot tell.
    expect(planned.stdout).toContain('taken over by pull --adopt, which cannot tell which side is newer');

    const writes = emulator.requests.filter(isWrite).length;
    await oc(project.root, ['apply', '--yes']);
    expect(emulator.requests.filter(isWrite).length, 'apply wrote to the service').toBe(writes);
    expect(service.get('faq', id)).toEqual(edited);

    const pulled = await oc(project.root, ['pull']);
    expect(pulled.code, said(pulled)).toBe(0);
    expect(project.read(`content/${key}.md`)).toContain('콘솔에서 고친 안내입니다.');
    expect(service.get('faq', id)).toEqual(edited);
    const again = await oc(project.root, ['plan', '--detailed-exitcode']);
    expect(again.stdout, said(again)).toContain('No changes.');
    expect(again.code).toBe(0);
  });

  it('two FAQs with one title and category but distinct bodies: adopt matches both by body, plan is a no-op', async () => {
    await using emulator = await startEmulator();
    using project = exampleProject(emulator);
    for (const [name, body] of [
      ['c', '첫 번째 답입니다.'],
      ['c-2', '두 번째 답입니다.'],
    ] as const)
      project.write(
        `content/faq/orders/${name}.md`,
        `---\ncategory: orders\n---\n\n# 같은 질문\n\n${body}\n`,
      );
    expect((await oc(project.root, ['apply', '--yes'])).code).toBe(0);
    const lost = project.state().documents;
    project.remove('.oc-sync/state/e2e.json');

    const adopted = await oc(project.root, ['pull', '--adopt']);
    expect(adopted.code, said(adopted)).toBe(0);
    expect(adopted.stdout).not.toContain('share this title');
    for (const key of ['faq/orders/c', 'faq/orders/c-2'])
      expect(adopted.stdout).toContain(`= ${key} ↔ FAQ ${lost[key]?.id}: in sync`);
    expect(project.state().documents['faq/orders/c']?.id).toBe(lost['faq/orders/c']?.id);
    expect(project.state().documents['faq/orders/c-2']?.id).toBe(lost['faq/orders/c-2']?.id);

    const planned = await oc(project.root, ['plan', '--detailed-exitcode']);
    expect(planned.stdout, said(planned)).toContain('No changes.');
    expect(planned.code).toBe(0);
  });

  it('same-title FAQs that no body tells apart: adopt names the remote ids and a way out, and creates nothing', async () => {
    await using emulator = await startEmulator();
    using project = exampleProject(emulator);
    for (const name of ['c', 'c-2'])
      project.write(
        `content/faq/orders/${name}.md`,
        `---\ncategory: orders\n---\n\n# 같은 질문\n\n${name} 답\n`,
      );
    expect((await oc(project.root, ['apply', '--yes'])).code).toBe(0);
    const lost = project.state().documents;
    const ids = [lost['faq/orders/c']?.id, lost['faq/orders/c-2']?.id].sort((a = 0, b = 0) => a - b);
    project.remove('.oc-sync/state/e2e.json');
    for (const name of ['c', 'c-2'])
      project.write(
        `content/faq/orders/${name}.md`,
        `---\ncategory: orders\n---\n\n# 같은 질문\n\n고친 답 ${name}\n`,
      );

    const adopted = await oc(project.root, ['pull', '--adopt']);
    expect(adopted.stdout, said(adopted)).toContain(
      `? faq/orders/c ("같은 질문"): 2 local and 2 remote documents share this title and category/heading, and none of FAQ ${ids[0]}, FAQ ${ids[1]} renders the same as this file; the plan will not create it.`,
    );
    expect(adopted.stdout).toContain(
      'delete or retitle the duplicate on the service, or create another with oc-sync apply --allow-duplicates',
    );
    expect(adopted.stdout).not.toContain('the next plan creates');
    const faqs = emulator.service().list('faq').length;
    await oc(project.root, ['apply', '--yes']);
    expect(emulator.service().list('faq')).toHaveLength(faqs);
  });
});
