import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { attachmentIdentity } from '../../src/resources/attachment.js';
import { oc } from './support/cli.js';
import {
  describeRequests,
  type E2eProject,
  exampleProject,
  isListCall,
  isWrite,
  remoteTitles,
  startEmulator,
} from './support/project.js';

/**
 * The life of a help center, run by the built CLI against an emulator over HTTP: everything created on a fresh
 * service, one edit, one rename, one delete, and a run with nothing to do — each one checked on the service, in
 * the state file, and in the requests the emulator saw.
 */
describe('oc-sync apply: create → edit → rename → delete → no-op', () => {
  let emulator: Emulator;
  let project: E2eProject;
  beforeAll(async () => {
    emulator = await startEmulator();
    project = exampleProject(emulator);
  });
  afterAll(async () => {
    project?.[Symbol.dispose]();
    await emulator?.close();
  });
  const service = () => emulator.service();
  const writes = () => describeRequests(emulator.requests.filter(isWrite));

  it('creates everything on a fresh service', async () => {
    const result = await oc(project.root, ['apply']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Plan: 21 to create, 0 to update, 0 to delete, 0 drifted.');
    expect(result.stdout).toMatch(
      /Apply complete: 21 created, 0 updated, 0 deleted, 0 unchanged, 0 skipped, 0 failed; 2 upload\(s\), \d+ requests in/,
    );

    expect(service().list('tag')).toHaveLength(3);
    expect(service().list('heading')).toHaveLength(3);
    expect(service().list('faqCategory')).toHaveLength(8);
    expect(remoteTitles(emulator, 'faq').sort()).toEqual([
      '배송지를 바꾸고 싶어요',
      '비밀번호를 잊어버렸어요',
      '카드 환불은 언제 처리되나요?',
      '환불은 어떻게 신청하나요?',
    ]);
    expect(remoteTitles(emulator, 'notice').sort()).toEqual(['12월 정기 점검 안내', '앱 4.2 업데이트 소식']);
    expect(remoteTitles(emulator, 'template')).toEqual(['[점검] 정기 점검 안내']);

    const state = project.state();
    expect(Object.keys(state.documents).sort()).toEqual([
      'faq/account/reset-password',
      'faq/billing/card-refund-timeline',
      'faq/billing/refund-request',
      'faq/orders/change-address',
      'notices/2026/app-4-2-release',
      'notices/2026/december-maintenance',
      'templates/maintenance',
    ]);
    for (const entry of Object.values(state.documents)) {
      expect(service().get(entry.kind as 'faq', entry.id)?.updatedDt).toBe(entry.updatedDt);
    }
    expect(state.pending).toEqual({});
    expect(project.exists('.oc-sync/state/e2e.journal')).toBe(false);
    // 14 list items, 7 documents, 2 uploads, and the second pass for the documents that link to one another.
    const posts = emulator.requests.filter((e) => e.method === 'POST');
    expect(posts).toHaveLength(14 + 7 + 2);
  });

  it('sends one update for one edited file', async () => {
    emulator.clearRequests();
    const file = 'content/faq/account/reset-password.md';
    project.write(file, project.read(file).replace('30분 동안만', '1시간 동안'));
    const id = project.state().documents['faq/account/reset-password']?.id;

    const result = await oc(project.root, ['apply']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('~ FAQ faq/account/reset-password');
    expect(result.stdout).toContain('Plan: 0 to create, 1 to update, 0 to delete, 0 drifted.');
    expect(result.stdout).toContain('Apply complete: 0 created, 1 updated, 0 deleted, 20 unchanged');
    expect(writes()).toEqual([`PUT /v1/helpdoc/${id}.json 200`]);
    expect(String(service().detail('faq', id as number).content)).toContain('1시간 동안');
    expect(project.state().documents['faq/account/reset-password']?.updatedDt).toBe(
      service().detail('faq', id as number).updatedDt,
    );
  });

  it('moves a renamed file that says where it came from: same remote id, state re-keyed', async () => {
    emulator.clearRequests();
    const before = project.state().documents['faq/account/reset-password'];
    project.move('content/faq/account/reset-password.en.md', 'content/faq/account/forgot-password.en.md');
    project.remove('content/faq/account/reset-password.md');
    project.write(
      'content/faq/account/forgot-password.md',
      '---\ncategory: account/password\nrecommended: true\npreviously: faq/account/reset-password\n---\n\n# 비밀번호가 기억나지 않아요\n\n로그인 화면에서 **비밀번호 찾기**를 누르세요.\n',
    );

    const result = await oc(project.root, ['apply']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('faq/account/forgot-password');
    expect(result.stdout).toContain('renamed from faq/account/reset-password');
    expect(result.stdout).toContain('Apply complete: 0 created, 1 updated, 0 deleted');
    expect(writes()).toEqual([`PUT /v1/helpdoc/${before?.id}.json 200`]);

    const state = project.state();
    expect(state.documents['faq/account/reset-password']).toBeUndefined();
    expect(state.documents['faq/account/forgot-password']?.id).toBe(before?.id);
    expect(service().list('faq')).toHaveLength(4);
    expect(service().detail('faq', before?.id as number).title).toBe('비밀번호가 기억나지 않아요');
  });

  it('deletes a removed file with --prune, and the upload only it used', async () => {
    emulator.clearRequests();
    const gone = project.state().documents['notices/2026/december-maintenance'];
    const upload =
      project.state().attachments[
        `notice:${attachmentIdentity('dcca05f6990c9aa0f4feac18c9572652', 'maintenance-window.png')}`
      ];
    expect(upload).toBeDefined();
    project.remove('content/notices/2026/december-maintenance.md');
    project.remove('content/notices/2026/december-maintenance.en.md');
    project.remove('content/notices/2026/maintenance-window.png');

    const result = await oc(project.root, ['apply', '--prune']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('- notice notices/2026/december-maintenance');
    expect(result.stdout).toContain('Apply complete: 0 created, 0 updated, 1 deleted');
    expect(writes()).toEqual([
      `DELETE /v1/multilanguage/notice/${gone?.id}.json 200`,
      `DELETE /v1/attachments/notice/${upload?.id}.json 200`,
    ]);
    expect(service().get('notice', gone?.id as number)).toBeUndefined();
    expect(service().attachment(upload?.id as string)).toBeUndefined();
    const state = project.state();
    expect(state.documents['notices/2026/december-maintenance']).toBeUndefined();
    expect(Object.keys(state.attachments)).toEqual([
      `help:${attachmentIdentity('072696fa6e3a908da043488fdd5d15ed', 'refund-form.pdf')}`,
    ]);
  });

  it('then has nothing to do, and only lists to find that out', async () => {
    emulator.clearRequests();
    const stateBefore = project.stateText();
    const result = await oc(project.root, ['apply']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No changes. The service matches content/.');
    expect(result.stdout).toContain('Apply complete: 0 created, 0 updated, 0 deleted, 20 unchanged');
    expect(emulator.requests.length).toBeGreaterThan(0);
    expect(describeRequests(emulator.requests.filter((e) => !isListCall(e)))).toEqual([]);
    expect(project.stateText()).toBe(stateBefore);

    const plan = await oc(project.root, ['plan', '--detailed-exitcode']);
    expect(plan.code).toBe(0);
  });
});
