import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { oc, repoRoot, said } from './support/cli.js';
import { type E2eProject, isWrite, makeProject, remoteConfig, startEmulator } from './support/project.js';

/**
 * Issue 14, cases 5 and 6: pull against hostile service data and a hostile state file, through the built CLI. The
 * state's keys become paths and the service's names become file names; neither may write outside the project,
 * overwrite a file pull does not own, stop pull half way, or make a rerun write a second copy.
 */

const PRELOAD = path.join(repoRoot, 'test/support/disk-faults.mjs');
const PACKAGE_JSON = '{ "name": "victim", "scripts": { "test": "vitest" } }\n';

interface Seeded {
  emulator: Emulator;
  project: E2eProject;
  /** Category code → id. */
  categories: Record<string, number>;
}

const open: (Emulator | E2eProject)[] = [];
afterEach(async () => {
  for (const thing of open.splice(0)) {
    if ('close' in thing) await thing.close();
    else thing[Symbol.dispose]();
  }
});

async function seeded(categories: [code: string, parent?: string][] = [['billing']]): Promise<Seeded> {
  const emulator = await startEmulator();
  const project = makeProject({ 'sync.config.yaml': remoteConfig(emulator), 'package.json': PACKAGE_JSON });
  open.push(emulator, project);
  const ids: Record<string, number> = {};
  categories.forEach(([code, parent], index) => {
    ids[code] = emulator.service().create('faqCategory', {
      categoryCode: code,
      parent: parent ? ids[parent] : 0,
      orderNo: index,
      languages: { ko: `분류 ${index}`, en: `Category ${index}` },
    }).categoryId as number;
  });
  return { emulator, project, categories: ids };
}

/** A published FAQ in `category`, listing the files `attachments` (name → bytes) uploaded to the help store. */
function seedFaq(
  { emulator, categories }: Seeded,
  title: string,
  category: string,
  attachments: Record<string, string> = {},
): number {
  const service = emulator.service();
  const listed = Object.entries(attachments).map(([name, bytes]) => ({
    attachmentId: service.upload('help', Buffer.from(bytes), name, 'application/octet-stream').attachmentId,
  }));
  return service.create('faq', {
    status: 'O',
    isTop: false,
    isRecommend: false,
    categoryId: categories[category],
    contents: { ko: { title, content: `<p>${title} 본문</p>`, attachments: listed } },
  }).helpDocId as number;
}

/** Every file under `root` (links included, not followed), relative, `/`-separated. */
function filesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() || entry.isSymbolicLink())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

function stateWith(documents: Record<string, { kind: string; id: number }>): string {
  const lines = Object.entries(documents).map(
    ([key, { kind, id }]) =>
      `    ${JSON.stringify(key)}: {"id":${id},"kind":"${kind}","payloadHash":"x","sourceHash":"x","updatedDt":1}`,
  );
  return `{\n  "version": 1,\n  "environment": "e2e",\n  "serviceId": "HelpCenter",\n  "documents": {\n${lines.join(',\n')}\n  },\n  "attachments": {},\n  "pending": {}\n}\n`;
}

describe('oc-sync pull: nothing written outside the project, nothing foreign overwritten (issue 14 case 5)', () => {
  it('refuses state keys that leave content/, before writing anything', async () => {
    const rig = await seeded();
    const install = seedFaq(rig, '설치 안내', 'billing', {
      'package.json': '{"scripts":{"postinstall":"evil"}}',
    });
    const hooks = seedFaq(rig, '훅 안내', 'billing', { 'pre-commit': '#!/bin/sh\nevil\n' });
    // Beside the project, in the temporary folder: where `faq/../../../` leads from content/.
    const besideProject = `oc-sync-escape-${path.basename(rig.project.root)}`;
    const hooksKey = `faq/../../../${besideProject}/hooks/y`;
    rig.project.write(
      '.oc-sync/state/e2e.json',
      stateWith({ '../install': { kind: 'faq', id: install }, [hooksKey]: { kind: 'faq', id: hooks } }),
    );
    try {
      const pulled = await oc(rig.project.root, ['pull']);
      const text = said(pulled);
      expect(pulled.code, text).toBe(1);
      expect(text).toContain('.oc-sync/state/e2e.json has entries oc-sync cannot use');
      expect(text).toContain(
        '.oc-sync/state/e2e.json:6:5 error documents key "../install" cannot be a FAQ key: it has a ".." path segment [state/invalid-key]',
      );
      expect(text).toContain(
        `.oc-sync/state/e2e.json:7:5 error documents key "${hooksKey}" cannot be a FAQ key: it has a ".." path segment [state/invalid-key]`,
      );
      expect(text).toContain('oc-sync pull --adopt');
      expect(rig.project.read('package.json')).toBe(PACKAGE_JSON);
      expect(filesUnder(path.join(rig.project.root, 'content'))).toEqual([]);
      expect(existsSync(path.resolve(rig.project.root, '..', besideProject))).toBe(false);
    } finally {
      // Only there when the protection fails.
      rmSync(path.resolve(rig.project.root, '..', besideProject), { recursive: true, force: true });
    }
  });

  it('never writes through a link in content/: the attachment takes another name', async () => {
    const rig = await seeded();
    seedFaq(rig, '안내서', 'billing', { 'guide.pdf': '%PDF service bytes' });
    rig.project.write('content/faq/billing/.keep', '');
    symlinkSync(
      path.join(rig.project.root, 'package.json'),
      path.join(rig.project.root, 'content/faq/billing/guide.pdf'),
    );
    const pulled = await oc(rig.project.root, ['pull']);
    expect(pulled.code, said(pulled)).toBe(0);
    expect(rig.project.read('package.json')).toBe(PACKAGE_JSON);
    expect(lstatSync(path.join(rig.project.root, 'content/faq/billing/guide.pdf')).isSymbolicLink()).toBe(
      true,
    );
    expect(rig.project.read('content/faq/billing/guide-2.pdf')).toBe('%PDF service bytes');
    expect(rig.project.read('content/faq/billing/안내서.md')).toContain('guide-2.pdf');
  });
});

describe('oc-sync pull: hostile names (issue 14 case 6)', () => {
  it('writes long, control-character, reserved, `..` and NFD names safely, and a rerun and a plan find nothing to do', async () => {
    const rig = await seeded([['billing'], ['..'], ['con'], ['back\\slash'], ['nul\u0000code']]);
    const longName = `${'가'.repeat(90)}.pdf`; // 272 bytes: ENAMETOOLONG as it is
    seedFaq(rig, '긴 이름 첨부', 'billing', { [longName]: 'long' });
    seedFaq(rig, 'NUL\u0000제목', 'billing', { 'a\u0000b.pdf': 'nul' });
    seedFaq(rig, 'CON', 'con', { 'con.txt': 'device', aux: 'device 2' });
    seedFaq(rig, '상위 폴더', '..');
    seedFaq(rig, '역슬래시', 'back\\slash', { '..\\..\\evil.sh': 'evil' });
    seedFaq(rig, '널 코드', 'nul\u0000code');
    // An unrelated file of the person's, named as the service's attachment is but decomposed (NFD): on macOS the same.
    rig.project.write(`content/faq/billing/${'안내.pdf'.normalize('NFD')}`, 'mine');
    seedFaq(rig, '안내 첨부', 'billing', { '안내.pdf': 'service' });

    const pulled = await oc(rig.project.root, ['pull']);
    expect(pulled.code, said(pulled)).toBe(0);
    const content = path.join(rig.project.root, 'content');
    const files = filesUnder(content);
    for (const rel of files)
      for (const segment of rel.split('/')) {
        expect(Buffer.byteLength(segment), rel).toBeLessThanOrEqual(255);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
        expect(segment, rel).not.toMatch(/[\u0000-\u001f\\]/);
        expect(segment, rel).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i);
        expect(segment, rel).not.toBe('..');
      }
    expect(
      filesUnder(rig.project.root).filter(
        (rel) => !rel.startsWith('content/') && !rel.startsWith('.oc-sync/'),
      ),
    ).toEqual(['package.json', 'sync.config.yaml']);
    expect(rig.project.read(`content/faq/billing/${'안내.pdf'.normalize('NFD')}`)).toBe('mine');
    expect(files).not.toContain('faq/billing/안내.pdf');
    expect(files).toContain('faq/billing/안내-2.pdf');
    expect(files.filter((rel) => rel.endsWith('.md'))).toHaveLength(7);
    expect(Object.keys(rig.project.state().documents)).toHaveLength(7);

    const again = await oc(rig.project.root, ['pull']);
    expect(again.code, said(again)).toBe(0);
    expect(filesUnder(content)).toEqual(files);
    const plan = await oc(rig.project.root, ['plan', '--detailed-exitcode']);
    expect(plan.code, said(plan)).toBe(0);
    expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 0 to delete, 0 drifted.');
  });

  it('a pull that stops half way (disk full) is continued by the next one: each document once, no -2.md', async () => {
    const rig = await seeded();
    for (let i = 1; i <= 12; i++) seedFaq(rig, `문의 ${i}`, 'billing', { [`form-${i}.pdf`]: `form ${i}` });
    const logDir = mkdtempSync(path.join(tmpdir(), 'oc-sync-disk-'));
    const log = path.join(logDir, 'faults.log');
    try {
      const failed = await oc(
        rig.project.root,
        ['pull'],
        {
          OC_DISK_FAULT: 'ENOSPC',
          OC_DISK_FAULT_DIR: path.join(rig.project.root, 'content'),
          OC_DISK_FAULT_AFTER_WRITES: '6',
          OC_DISK_FAULT_LOG: log,
        },
        ['--import', PRELOAD],
      );
      expect(failed.code, said(failed)).toBe(1);
      expect(readFileSync(log, 'utf8').length).toBeGreaterThan(0);
    } finally {
      rmSync(logDir, { recursive: true, force: true });
    }
    const written = filesUnder(path.join(rig.project.root, 'content')).filter((rel) => rel.endsWith('.md'));
    expect(written.length).toBeGreaterThan(0);
    expect(written.length).toBeLessThan(12);

    const resumed = await oc(rig.project.root, ['pull']);
    expect(resumed.code, said(resumed)).toBe(0);
    const documents = filesUnder(path.join(rig.project.root, 'content')).filter((rel) => rel.endsWith('.md'));
    expect(documents).toHaveLength(12);
    expect(documents.filter((rel) => !/^faq\/billing\/문의-\d+\.md$/.test(rel))).toEqual([]);
    for (const rel of written) expect(documents).toContain(rel);
    expect(Object.keys(rig.project.state().documents).sort()).toEqual(
      documents.map((rel) => rel.replace(/\.md$/, '')).sort(),
    );

    const apply = await oc(rig.project.root, ['apply', '--yes']);
    expect(apply.code, said(apply)).toBe(0);
    expect(rig.emulator.requests.filter(isWrite)).toEqual([]);
    expect(rig.emulator.service().list('faq')).toHaveLength(12);
  });
});
