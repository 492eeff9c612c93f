import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { attachmentIdentity } from '../../src/resources/attachment.js';
import { oc, said } from './support/cli.js';
import {
  describeRequests,
  type E2eProject,
  isListCall,
  isWrite,
  makeProject,
  remoteConfig,
  type StateFile,
  startEmulator,
} from './support/project.js';

/**
 * Each document keeps its own attachment file name (issue 15, case 10). A new-user trial linked the same bytes from
 * two FAQs as `form-5.pdf` and `form-10.pdf`: oc-sync uploaded them once, so both FAQs offered the first name, and
 * after `pull` both folders held a `form-5.pdf`. Uploads are one per store, bytes and name now; and a state written
 * by the version before (attachments keyed `store:md5`, payload hashes of views with bare MD5s) plans nothing and
 * uploads nothing after the upgrade.
 */

const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

interface StoredFaq {
  faqId: number;
  title: string;
  contents: { ko: { content: string; attachments: { attachmentId: string }[] } };
}

function faqByTitle(emulator: Emulator, title: string): StoredFaq {
  const found = emulator
    .service()
    .list('faq')
    .find((r) => r.title === title);
  if (!found) throw new Error(`no FAQ ${title} on the service`);
  return found as unknown as StoredFaq;
}

/** Every file under a folder of a project, as `name → bytes`. */
function filesIn(project: E2eProject, folder: string): Map<string, Buffer> {
  const abs = path.join(project.root, folder);
  return new Map(readdirSync(abs).map((name) => [name, readFileSync(path.join(abs, name))]));
}

describe('attachment file names: the same bytes under two names', { timeout: 90_000 }, () => {
  const form = Buffer.from('%PDF-1.4\n% the same form, linked under two names\n'.repeat(30));

  it('uploads each name, offers each FAQ its own, and pull writes both names back', async () => {
    await using emulator = await startEmulator();
    using project = makeProject({
      'sync.config.yaml': remoteConfig(emulator),
      'content/faq/_categories.yaml':
        '- code: a\n  name: { ko: 가 분류, en: A }\n- code: b\n  name: { ko: 나 분류, en: B }\n',
      'content/faq/a/form-5.pdf': form,
      'content/faq/b/form-10.pdf': form,
      'content/faq/a/apply.md': '---\ncategory: a\n---\n# 5번 신청서\n\n[신청서](./form-5.pdf)를 받으세요.\n',
      'content/faq/b/apply.md':
        '---\ncategory: b\n---\n# 10번 신청서\n\n[신청서](./form-10.pdf)를 받으세요.\n',
    });

    const applied = await oc(project.root, ['apply']);
    expect(applied.code, said(applied)).toBe(0);
    expect(applied.stdout).toContain('2 upload(s)');
    const uploads = emulator.requests.filter((e) => e.path.endsWith('/upload.json'));
    expect(describeRequests(uploads)).toEqual([
      'POST /v1/attachments/help/upload.json 200',
      'POST /v1/attachments/help/upload.json 200',
    ]);

    // The service's store: each FAQ links and lists an upload of its own, under its own name, with the same bytes.
    const offered = (title: string) => {
      const faq = faqByTitle(emulator, title);
      const [listed] = faq.contents.ko.attachments;
      const stored = emulator.service().attachment(listed?.attachmentId as string);
      expect(faq.contents.ko.attachments).toHaveLength(1);
      expect(faq.contents.ko.content).toContain(listed?.attachmentId);
      return {
        id: listed?.attachmentId,
        fileName: stored?.fileName,
        md5: md5(stored?.bytes ?? new Uint8Array()),
      };
    };
    const five = offered('5번 신청서');
    const ten = offered('10번 신청서');
    expect(five).toMatchObject({ fileName: 'form-5.pdf', md5: md5(form) });
    expect(ten).toMatchObject({ fileName: 'form-10.pdf', md5: md5(form) });
    expect(five.id).not.toBe(ten.id);
    expect(Object.keys(project.state().attachments).sort()).toEqual(
      [
        `help:${attachmentIdentity(md5(form), 'form-5.pdf')}`,
        `help:${attachmentIdentity(md5(form), 'form-10.pdf')}`,
      ].sort(),
    );
    expect((await oc(project.root, ['plan', '--detailed-exitcode'])).code).toBe(0);

    // A fresh checkout pulls what the service holds: each folder gets the name its FAQ offers.
    using pulled = makeProject({ 'sync.config.yaml': remoteConfig(emulator) });
    const pull = await oc(pulled.root, ['pull']);
    expect(pull.code, said(pull)).toBe(0);
    const inA = filesIn(pulled, 'content/faq/a');
    const inB = filesIn(pulled, 'content/faq/b');
    expect([...inA.keys()].filter((name) => !name.endsWith('.md'))).toEqual(['form-5.pdf']);
    expect([...inB.keys()].filter((name) => !name.endsWith('.md'))).toEqual(['form-10.pdf']);
    expect(inA.get('form-5.pdf')?.equals(form)).toBe(true);
    expect(inB.get('form-10.pdf')?.equals(form)).toBe(true);
    expect(pulled.state().attachments).toEqual(
      Object.fromEntries(
        Object.entries(project.state().attachments).map(([key, entry]) => [
          key,
          { fileName: entry.fileName, id: entry.id, md5: md5(form), size: form.length },
        ]),
      ),
    );

    emulator.clearRequests();
    const plan = await oc(pulled.root, ['plan', '--detailed-exitcode']);
    expect(plan.code, said(plan)).toBe(0);
    expect(plan.stdout).toContain('No changes.');
    const apply = await oc(pulled.root, ['apply']);
    expect(apply.code, said(apply)).toBe(0);
    expect(apply.stdout).toContain('0 upload(s)');
    expect(describeRequests(emulator.requests.filter(isWrite))).toEqual([]);
  });
});

/**
 * The upgrade. The constants are what the version before this change (main at 959fccf) wrote for this content:
 * `oc-sync apply --yes` on the embedded emulator, `.oc-sync/state/local.json` copied. The hashes depend on the
 * content only, so they are the ones that version records for it on any service.
 */
const PREVIOUS = {
  form: Buffer.from('%PDF-1.4\n% oc-sync upgrade fixture\n'.repeat(40)),
  md5: '659b215e17552c3b4b4c0ae1d350bb01',
  documents: {
    'faq/a/form': {
      payloadHash: '460d747374f3e8b6333efe44bd1e0fe505123df9ebee9905c958d1bca212e1f9',
      sourceHash: '0ddc3410ff0110bd56d4e2062181ca37bb65ed94a586b44e3ffa722daa1c2096',
    },
    'faq/b/form': {
      payloadHash: '6f4df1c75cf837b85aabff5227178032323fc8758a8ea48c53e049dcf2d83158',
      sourceHash: 'b70894f6a0ced86960967ab0ec5e74f58ee9baedb7e72bd0f984ec72fdad058e',
    },
  } as Record<string, { payloadHash: string; sourceHash: string }>,
  categoryHash: '6d35ffd610bc66b42c8a815cebc7fce790e7f9048a949e7318134904d7d5fc32',
};

/** The state file exactly as the previous version formats it (sorted keys, one entry per line). */
function previousStateText(state: StateFile): string {
  const line = (key: string, value: Record<string, unknown>) => {
    const sorted = Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, value[k]]),
    );
    return `    ${JSON.stringify(key)}: ${JSON.stringify(sorted)}`;
  };
  const section = (entries: Record<string, Record<string, unknown>>) =>
    `{\n${Object.keys(entries)
      .sort()
      .map((key) => line(key, entries[key] as Record<string, unknown>))
      .join(',\n')}\n  }`;
  const upload = Object.values(state.attachments)[0] as { id: string };
  const documents = Object.fromEntries(
    Object.entries(state.documents).map(([key, entry]) => [key, { ...entry, ...PREVIOUS.documents[key] }]),
  );
  const attachments = {
    [`help:${PREVIOUS.md5}`]: { fileName: 'form.pdf', id: upload.id, size: 1400, uploaded: true },
  };
  return `{
  "version": 1,
  "environment": ${JSON.stringify(state.environment)},
  "serviceId": ${JSON.stringify(state.serviceId)},
  "documents": ${section(documents)},
  "attachments": ${section(attachments)},
  "lists": ${section(state.lists ?? {})},
  "pending": {}
}
`;
}

describe('attachment file names: upgrading a state the previous version wrote', { timeout: 90_000 }, () => {
  it('plans no change and uploads nothing; the state takes the new keys and hashes', async () => {
    await using emulator = await startEmulator();
    using project = makeProject({
      'sync.config.yaml': remoteConfig(emulator),
      'content/faq/_categories.yaml': '- code: forms\n  name: { ko: 서식, en: Forms }\n',
      'content/faq/a/form.pdf': PREVIOUS.form,
      'content/faq/b/form.pdf': PREVIOUS.form,
      'content/faq/a/form.md': '---\ncategory: forms\n---\n# 신청서 A\n\n[신청서](./form.pdf)를 받으세요.\n',
      'content/faq/b/form.md': '---\ncategory: forms\n---\n# 신청서 B\n\n[신청서](./form.pdf)를 받으세요.\n',
    });
    expect(md5(PREVIOUS.form)).toBe(PREVIOUS.md5);
    // The service as the previous version left it: one upload, linked from both FAQs (the same name, so the same
    // upload then and now).
    const first = await oc(project.root, ['apply']);
    expect(first.code, said(first)).toBe(0);
    expect(first.stdout).toContain('1 upload(s)');
    const current = project.state();
    for (const [key, entry] of Object.entries(current.documents))
      expect(entry.sourceHash, key).toBe(PREVIOUS.documents[key]?.sourceHash);
    expect(current.lists?.['faqCategory:forms']?.payloadHash).toBe(PREVIOUS.categoryHash);

    // The state the previous version wrote, and no cache of this version.
    project.write('.oc-sync/state/e2e.json', previousStateText(current));
    project.remove('.oc-sync/cache');
    emulator.clearRequests();

    const plan = await oc(project.root, ['plan', '--detailed-exitcode']);
    expect(plan.code, said(plan)).toBe(0);
    expect(plan.stdout).toContain('No changes.');
    // Unchanged without a detail call: the recorded hashes are known for what they are.
    expect(describeRequests(emulator.requests.filter((e) => !isListCall(e)))).toEqual([]);

    const apply = await oc(project.root, ['apply']);
    expect(apply.code, said(apply)).toBe(0);
    expect(apply.stdout).toContain('Apply complete: 0 created, 0 updated, 0 deleted');
    expect(apply.stdout).toContain('0 upload(s)');
    expect(describeRequests(emulator.requests.filter(isWrite))).toEqual([]);

    // The state now records this version's keys and hashes, for the same upload.
    const upgraded = project.state();
    expect(upgraded.attachments).toEqual({
      [`help:${attachmentIdentity(PREVIOUS.md5, 'form.pdf')}`]: {
        fileName: 'form.pdf',
        id: Object.values(current.attachments)[0]?.id,
        md5: PREVIOUS.md5,
        size: 1400,
        uploaded: true,
      },
    });
    for (const [key, entry] of Object.entries(upgraded.documents)) {
      expect(entry.payloadHash, key).toBe(current.documents[key]?.payloadHash);
      expect(entry.payloadHash, key).not.toBe(PREVIOUS.documents[key]?.payloadHash);
    }
    emulator.clearRequests();
    const again = await oc(project.root, ['plan', '--detailed-exitcode']);
    expect(again.code, said(again)).toBe(0);
    expect(describeRequests(emulator.requests.filter((e) => !isListCall(e)))).toEqual([]);
  });
});
