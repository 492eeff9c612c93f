import { describe, expect, it } from 'vitest';
import { oc, SECRET_KEY, said } from './support/cli.js';
import {
  documentKinds,
  exampleProject,
  isWrite,
  makeProject,
  remoteConfig,
  SERVICE_ID,
  startEmulator,
} from './support/project.js';

/**
 * Issue 15 case 7: a translation in a language the service does not have fails only at apply, document by
 * document, with a 400 no retry fixes. The plan — and so the pull request — says so, with where it is used and the
 * ways out; apply refuses before its first write.
 */

const JA_FAQ = 'content/faq/account/reset-password.ja.md';

const storeIsEmpty = (emulator: Awaited<ReturnType<typeof startEmulator>>) =>
  documentKinds.every((kind) => emulator.service().list(kind).length === 0);

describe.concurrent('languages the service does not have', { timeout: 45_000 }, () => {
  it('a ja translation on a ko/en service: plan and apply refuse, naming the file; nothing is written', async () => {
    await using emulator = await startEmulator();
    using project = exampleProject(emulator, { languages: ['ko', 'en', 'ja'] });
    project.write(
      JA_FAQ,
      '# パスワードを忘れました\n\nサインイン画面で「パスワードをお忘れですか」をタップします。\n',
    );

    const planned = await oc(project.root, ['plan']);
    expect(planned.code, said(planned)).toBe(1);
    expect(planned.stdout).toContain(
      `service ${SERVICE_ID} has no language ja (it has ko, en), and 1 item(s) use it: ${JA_FAQ}`,
    );
    expect(planned.stdout).toContain('add ja to the service in the Online Contact console');

    const markdown = await oc(project.root, ['plan', '--format', 'markdown']);
    expect(markdown.stdout).toContain(`has no language ja (it has ko, en)`);

    const applied = await oc(project.root, ['apply', '--yes']);
    expect(applied.code, said(applied)).toBe(1);
    expect(said(applied)).toContain(`has no language ja (it has ko, en)`);
    expect(said(applied)).not.toContain('Run apply again');
    expect(storeIsEmpty(emulator)).toBe(true);
    expect(emulator.requests.filter(isWrite)).toEqual([]);
  });

  it('ja listed in the config but used by no file: apply goes ahead', async () => {
    await using emulator = await startEmulator();
    using project = exampleProject(emulator, { languages: ['ko', 'en', 'ja'] });
    const applied = await oc(project.root, ['apply', '--yes']);
    expect(applied.code, said(applied)).toBe(0);
    expect(said(applied)).not.toContain('no language ja');
    expect(emulator.service().list('faq').length).toBeGreaterThan(0);
  });

  it('a service whose default language is not the first configured one: refused with both named', async () => {
    await using emulator = await startEmulator({
      services: [
        {
          serviceId: SERVICE_ID,
          serviceKey: SECRET_KEY,
          languages: ['en', 'ko'],
          timeZone: 'Asia/Seoul',
        },
      ],
    });
    using project = exampleProject(emulator);
    const planned = await oc(project.root, ['plan']);
    expect(planned.code, said(planned)).toBe(1);
    expect(planned.stdout).toContain(
      `the default language of service ${SERVICE_ID} is en, but sync.config.yaml lists ko first`,
    );
    const applied = await oc(project.root, ['apply', '--yes']);
    expect(applied.code).toBe(1);
    expect(storeIsEmpty(emulator)).toBe(true);
  });

  it('a service with a language the config leaves out: the plan says oc-sync does not write it', async () => {
    await using emulator = await startEmulator();
    using project = makeProject({
      'sync.config.yaml': remoteConfig(emulator, { languages: ['ko'] }),
      'content/faq/_categories.yaml': '- code: account\n  name: 계정\n',
      'content/faq/account/hello.md': '---\ncategory: account\n---\n\n# 안녕하세요\n\n반갑습니다.\n',
    });
    const planned = await oc(project.root, ['plan']);
    expect(planned.code, said(planned)).toBe(0);
    expect(said(planned)).toContain(
      `service ${SERVICE_ID} also has en, which languages: in sync.config.yaml does not list: oc-sync writes only ko`,
    );
  });
});
