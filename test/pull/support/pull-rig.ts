import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type LoadedConfig,
  loadConfig,
  type ResolvedEnvironment,
  resolveEnvironment,
} from '../../../src/config/load.js';
import { createEmulator, type EmulatedService, type Emulator } from '../../../src/emulator/index.js';
import { adoptEnvironment } from '../../../src/pull/adopt.js';
import { migrateEnvironments } from '../../../src/pull/migrate.js';
import { pullEnvironment } from '../../../src/pull/pull-environment.js';
import { type Connection, connect } from '../../../src/remote/connect.js';
import type { ResourceKind } from '../../../src/resources/resource.js';
import type { ApplyResult } from '../../../src/sync/apply.js';
import { applyRun } from '../../../src/sync/apply-run.js';
import { makePlan } from '../../../src/sync/make-plan.js';
import { makeProject, type TempProject } from '../../support/project.js';

/**
 * A temp project (no content yet) with environments on real emulators over HTTP: `source` (the service pulled from)
 * and, for migrations, `target`. Pull, plan, apply and migrate run through the library exactly as the CLI wires them.
 */
export interface PullRig extends AsyncDisposable {
  project: TempProject;
  source: Emulator;
  target: Emulator;
  open(
    name: 'source' | 'target',
  ): Promise<{ loaded: LoadedConfig; environment: ResolvedEnvironment; connection: Connection }>;
  pull(options?: {
    into?: string;
    kinds?: ResourceKind[];
    force?: boolean;
    env?: 'source' | 'target';
  }): ReturnType<typeof pullEnvironment>;
  adopt(options?: { env?: 'source' | 'target' }): ReturnType<typeof adoptEnvironment>;
  plan(env?: 'source' | 'target'): ReturnType<typeof makePlan>;
  apply(env?: 'source' | 'target'): Promise<ApplyResult>;
  migrate(options?: { into?: string; prune?: boolean }): ReturnType<typeof migrateEnvironments>;
}

const KEY_A = 'OC_SYNC_PULL_TEST_KEY_A';
const KEY_B = 'OC_SYNC_PULL_TEST_KEY_B';

export async function startPullRig(options: { languages?: string[] } = {}): Promise<PullRig> {
  const languages = options.languages ?? ['ko', 'en'];
  const service = { serviceId: 'HelpCenter', languages, timeZone: 'Asia/Seoul' };
  const source = await createEmulator({ services: [{ ...service, serviceKey: 'source-service-key' }] });
  const target = await createEmulator({ services: [{ ...service, serviceKey: 'target-service-key' }] });
  const project = makeProject({
    'sync.config.yaml': [
      `languages: [${languages.join(', ')}]`,
      'timeZone: Asia/Seoul',
      'defaultEnvironment: source',
      'environments:',
      '  source:',
      `    baseUrl: ${source.url}`,
      '    serviceId: HelpCenter',
      `    orgId: ${source.orgId}`,
      `    serviceKey: \${${KEY_A}}`,
      '  target:',
      `    baseUrl: ${target.url}`,
      '    serviceId: HelpCenter',
      `    orgId: ${target.orgId}`,
      `    serviceKey: \${${KEY_B}}`,
      'sync: { concurrency: 8, requestsPerSecond: 1000 }',
      // The editor corpus embeds a video <iframe> and a <script> (README "HTML policy").
      'allowUnsafeHtml: [iframe, script]',
      '',
    ].join('\n'),
  });
  const env = { ...process.env, [KEY_A]: 'source-service-key', [KEY_B]: 'target-service-key' };
  const connections = new Map<string, Connection>();
  const open = async (name: 'source' | 'target') => {
    const loaded = await loadConfig({ cwd: project.root, env });
    const environment = resolveEnvironment(loaded, { name, env });
    let connection = connections.get(name);
    if (!connection) {
      connection = await connect(environment, { settings: { ...loaded.config.sync, requestsPerSecond: 0 } });
      connections.set(name, connection);
    }
    return { loaded, environment, connection };
  };
  const plan = async (name: 'source' | 'target' = 'source') => {
    const { loaded, environment, connection } = await open(name);
    return makePlan({
      loaded,
      environment,
      connection,
      projectRoot: project.root,
      cwd: project.root,
      prune: false,
    });
  };
  return {
    project,
    source,
    target,
    open,
    async pull({ into, kinds, force, env: name = 'source' } = {}) {
      const { loaded, environment, connection } = await open(name);
      return pullEnvironment({ loaded, environment, connection, cwd: project.root, into, kinds, force });
    },
    async adopt({ env: name = 'source' } = {}) {
      const { loaded, environment, connection } = await open(name);
      return adoptEnvironment({ loaded, environment, connection, cwd: project.root });
    },
    plan,
    async apply(name: 'source' | 'target' = 'source') {
      const { loaded, environment, connection } = await open(name);
      const report = await applyRun({
        loaded,
        environment,
        connection,
        cwd: project.root,
        prune: false,
        overwriteDrift: false,
        maxDeletes: 1000,
        concurrency: 4,
      });
      return report.result;
    },
    async migrate({ into, prune = false } = {}) {
      const from = await open('source');
      const to = await open('target');
      return migrateEnvironments({
        loaded: from.loaded,
        from: { environment: from.environment, connection: from.connection },
        to: { environment: to.environment, connection: to.connection },
        cwd: project.root,
        into,
        prune,
      });
    },
    async [Symbol.asyncDispose]() {
      await source.close();
      await target.close();
      project[Symbol.dispose]();
    },
  };
}

const fixturesDir = fileURLToPath(new URL('../../fixtures/editor-html/', import.meta.url));

export interface EditorFixture {
  name: string;
  html: string;
}

export function editorFixtures(): EditorFixture[] {
  return readdirSync(fixturesDir)
    .filter((name) => name.endsWith('.html'))
    .sort()
    .map((name) => ({
      name: name.replace(/\.html$/, ''),
      html: readFileSync(path.join(fixturesDir, name), 'utf8'),
    }));
}

/** Bytes that differ per name, so every attachment has its own MD5. */
export function attachmentBytes(name: string): Uint8Array {
  const text = `%PDF-1.4 oc-sync test attachment ${name}\n${'x'.repeat(name.length * 37)}`;
  return new TextEncoder().encode(text);
}

export interface Seeded {
  categories: Record<string, number>;
  headings: Record<string, number>;
  tags: Record<string, number>;
  faqs: Record<string, number>;
  notices: number[];
  templates: number[];
  /** attachment name → id, per store. */
  attachments: Record<string, { id: string; store: 'help' | 'notice' }>;
}

/**
 * A help center as an editor leaves it: a three-level category tree, headings and tags with ko/en names, one FAQ
 * per editor fixture (some with English translations, pins, drafts), notices with dates, tags and attachments,
 * and templates. Seeded directly into the emulator's store, as the web console would have written it.
 */
export function seedEditorService(emulator: Emulator, options: { fixtures?: number } = {}): Seeded {
  const service: EmulatedService = emulator.service();
  const base = `${emulator.url}/HelpCenter/openapi/v2/attachments`;
  const seeded: Seeded = {
    categories: {},
    headings: {},
    tags: {},
    faqs: {},
    notices: [],
    templates: [],
    attachments: {},
  };
  const category = (code: string, ko: string, en: string, parent = 0, orderNo = 0) => {
    const created = service.create('faqCategory', {
      categoryCode: code,
      parent,
      orderNo,
      languages: { ko, en },
    });
    seeded.categories[code] = created.categoryId as number;
    return created.categoryId as number;
  };
  const guide = category('guide', '이용 안내', 'Guide', 0, 2);
  const account = category('account', '계정', 'Account', guide, 0);
  category('password', '비밀번호', 'Password', account, 1);
  category('sign-in', '로그인', 'Sign-in', account, 0);
  category('billing', '결제', 'Billing', 0, 1);
  category('refunds', '환불', 'Refunds', seeded.categories.billing, 0);
  for (const [code, ko, en, orderNo] of [
    ['maintenance', '점검', 'Maintenance', 1],
    ['update', '업데이트', 'Update', 0],
    ['event', '이벤트', 'Event', 2],
  ] as const) {
    seeded.headings[code] = service.create('heading', { categoryCode: code, orderNo, languages: { ko, en } })
      .categoryId as number;
  }
  for (const [code, ko, en] of [
    ['app', '앱', 'App'],
    ['web', '웹', 'Web'],
    ['payment', '결제', 'Payment'],
  ] as const) {
    seeded.tags[code] = service.create('tag', { tagCode: code, languages: { ko, en } }).tagId as number;
  }
  const upload = (store: 'help' | 'notice', name: string, type = 'application/pdf') => {
    const key = `${store}:${name}`;
    const found = seeded.attachments[key];
    if (found) return found;
    const uploaded = service.upload(store, attachmentBytes(key), name, type);
    seeded.attachments[key] = { id: uploaded.attachmentId, store };
    return seeded.attachments[key];
  };

  const leafCategories = ['password', 'sign-in', 'refunds', 'billing', 'account', 'guide'];
  editorFixtures()
    .slice(0, options.fixtures)
    .forEach((fixture, index) => {
      const listed: string[] = [];
      const html = fixture.html
        .replace(/\{\{attachment:([^}]+)\}\}/g, (_, name: string) => {
          const attachment = upload('help', name, name.endsWith('.png') ? 'image/png' : 'application/pdf');
          listed.push(attachment.id);
          return `${base}/help/${attachment.id}`;
        })
        .replace(
          /\{\{document:([^}]+)\}\}/g,
          (_, name: string) => `${emulator.url}/hc/HelpCenter/faq/${seeded.faqs[name]}`,
        );
      // Every third FAQ also lists a file it does not link to.
      if (index % 3 === 0) listed.push(upload('help', `부록 ${index}.pdf`).id);
      const title = `${fixture.name.replace(/^\d+-/, '').replace(/-/g, ' ')} 안내`;
      const contents: Record<
        string,
        { title: string; content: string; attachments: { attachmentId: string }[] }
      > = {
        ko: {
          title,
          content: html,
          attachments: [...new Set(listed)].map((attachmentId) => ({ attachmentId })),
        },
      };
      if (index % 2 === 0)
        contents.en = {
          title: `About ${fixture.name.replace(/^\d+-/, '')}`,
          content: `<p>English version of <b>${fixture.name}</b>.</p>${index % 4 === 0 ? fixture.html.replace(/\{\{[^}]+\}\}/g, 'https://example.com/x') : ''}`,
          attachments: [],
        };
      const created = service.create('faq', {
        status: index % 7 === 3 ? 'D' : index % 11 === 5 ? 'C' : 'O',
        categoryId: seeded.categories[leafCategories[index % leafCategories.length] as string],
        isTop: index % 5 === 0,
        isRecommend: index % 4 === 1,
        contents,
      });
      seeded.faqs[fixture.name] = created.helpDocId as number;
    });

  const fixtures = editorFixtures();
  const guideFile = upload('notice', '점검 일정표.pdf');
  const image = upload('notice', 'maintenance window.png', 'image/png');
  const notices = [
    {
      status: 'O',
      categoryId: seeded.headings.maintenance,
      isTop: true,
      startDt: '20261201090000',
      endDt: '20261203060000',
      displayDt: '20261201090000',
      tags: [{ tagId: seeded.tags.app }, { tagId: seeded.tags.web }],
      contents: {
        ko: {
          title: '12월 정기 점검 안내',
          content: `${fixtures[0]?.html}<p><img src="${base}/notice/${image.id}" width="640"></p><p><a href="${emulator.url}/hc/HelpCenter/faq/${seeded.faqs['28-long-korean-article'] ?? Object.values(seeded.faqs)[0]}">배송지 변경 FAQ</a></p>`,
          attachments: [{ attachmentId: guideFile.id }, { attachmentId: image.id }],
        },
        en: {
          title: 'December maintenance',
          content: '<p>Maintenance on <b>Dec 3</b>.</p>',
          attachments: [],
        },
      },
    },
    {
      status: 'C',
      categoryId: seeded.headings.update,
      isTop: false,
      startDt: '20251120000000',
      endDt: '',
      tags: [{ tagId: seeded.tags.app }],
      contents: { ko: { title: '앱 4.2 업데이트 소식', content: fixtures[2]?.html ?? '', attachments: [] } },
    },
    {
      status: 'D',
      categoryId: seeded.headings.event,
      isTop: false,
      startDt: '20260301103015',
      endDt: '20260331235959',
      displayDt: '20260228120000',
      tags: [],
      contents: {
        ko: { title: '봄맞이 이벤트', content: fixtures[9]?.html ?? '', attachments: [] },
        en: { title: 'Spring event', content: fixtures[9]?.html ?? '', attachments: [] },
      },
    },
    {
      status: 'O',
      categoryId: seeded.headings.maintenance,
      isTop: false,
      startDt: '20261201090000',
      endDt: '',
      tags: [{ tagId: seeded.tags.payment }],
      // The same title as the first notice: the second file gets a suffix.
      contents: { ko: { title: '12월 정기 점검 안내', content: '<p>결제 점검</p>', attachments: [] } },
    },
  ];
  for (const body of notices) seeded.notices.push(service.create('notice', body).noticeId as number);
  for (const [index, subject] of ['정기 점검 공지', '긴급 장애 공지'].entries()) {
    seeded.templates.push(
      service.create('template', {
        status: index === 0 ? 'O' : 'C',
        categoryId: seeded.headings.maintenance,
        subject,
        memo: index === 0 ? '매월 첫째 주 목요일' : '',
        contents: {
          ko: { title: `[점검] ${subject}`, content: fixtures[index + 3]?.html ?? '' },
          ...(index === 0 ? { en: { title: 'Maintenance', content: '<p>We will be down.</p>' } } : {}),
        },
        tags: [{ tagId: seeded.tags.app }],
      }).noticeId as number,
    );
  }
  return seeded;
}

/**
 * A category made in the console and published FAQs in it, as an editor leaves them: `faqs` are title and HTML body
 * in the service's default language (ko); a body may be made from the ids of the FAQs before it (to link to them).
 * Returns the category's id and each FAQ's id, in order.
 */
export function seedFaqs(
  emulator: Emulator,
  category: { code: string; names: Record<string, string> },
  faqs: readonly { title: string; content: string | ((earlierIds: number[]) => string) }[],
): { categoryId: number; ids: number[] } {
  const service: EmulatedService = emulator.service();
  const categoryId = service.create('faqCategory', {
    categoryCode: category.code,
    parent: 0,
    orderNo: 0,
    languages: category.names,
  }).categoryId as number;
  const ids: number[] = [];
  for (const { title, content } of faqs) {
    const html = typeof content === 'string' ? content : content(ids);
    const created = service.create('faq', {
      status: 'O',
      categoryId,
      isTop: false,
      isRecommend: false,
      contents: { ko: { title, content: html, attachments: [] } },
    });
    ids.push(created.helpDocId as number);
  }
  return { categoryId, ids };
}

/** The emulator's request paths, without the service prefix. */
export function requestPaths(emulator: Emulator): string[] {
  return emulator.requests
    .map((r) => `${r.method} ${r.path.replace(/^\/HelpCenter\/(openapi\/)?/, '')}`)
    .sort();
}
