import { describe, expect, it } from 'vitest';
import { oc } from './support/cli.js';
import { expectConverged } from './support/converged.js';
import { type Corpus, writeCorpus } from './support/corpus.js';
import { ENVIRONMENT, makeProject, remoteConfig, startEmulator } from './support/project.js';
import { ocLine, progressBar, startTerminal } from './support/terminal.js';

/**
 * What a person sees on a terminal (a real pseudo-terminal: tmux): progress bars with rate and ETA for apply,
 * plan's detail fetch and pull, on stderr, redrawn in place and cleared at the end; and a Ctrl-C during apply that
 * says where it stopped, exits 130, and leaves a state the next apply continues from. The rate limit
 * (`sync.requestsPerSecond`) makes the runs slow enough to look at.
 */

const corpus: Corpus = { faqs: 60, notices: 0 };
/** Writes of the first apply: the 60 FAQs, the 3 categories, the 2 headings and the tag. */
const WRITES = 66;

describe.concurrent('progress and Ctrl-C on a terminal', { timeout: 120_000 }, () => {
  it('apply, plan and pull draw one bar each with rate and ETA, on stderr, cleared at the end', async () => {
    await using emulator = await startEmulator();
    using project = makeProject({
      'sync.config.yaml': remoteConfig(emulator, { sync: { requestsPerSecond: 25 } }),
    });
    writeCorpus(project, corpus);

    {
      using apply = startTerminal(project.root, ocLine(project.root, ['apply', '--yes', '--compact']));
      expect(await apply.exitCode()).toBe(0);
      expect(apply.output()).toMatch(progressBar('applying'));
      const screen = apply.screen();
      expect(screen).toContain(`Apply complete: ${WRITES} created`);
      expect(screen, 'the bar was not cleared').not.toContain('applying [');
    }
    expect(emulator.service().list('faq')).toHaveLength(corpus.faqs);

    // Every document edited: plan fetches all 60 bodies. The plan's text goes to the file, the bar to the terminal.
    writeCorpus(project, corpus, 1);
    {
      using plan = startTerminal(project.root, `${ocLine(project.root, ['plan'])} > plan.txt`);
      expect(await plan.exitCode()).toBe(0);
      expect(plan.output()).toMatch(progressBar('fetching'));
      expect(plan.screen()).not.toContain('fetching [');
      const text = project.read('plan.txt');
      expect(text).toContain(`Plan: 0 to create, ${corpus.faqs} to update`);
      expect(text).not.toMatch(/fetching|[█░]/);
    }

    // Pull into a new project: one bar through its phases, not a line per tenth; off a terminal the lines stay.
    using other = makeProject({
      'sync.config.yaml': remoteConfig(emulator, { sync: { requestsPerSecond: 25 } }),
    });
    {
      using pull = startTerminal(other.root, ocLine(other.root, ['pull']));
      expect(await pull.exitCode()).toBe(0);
      expect(pull.output()).toMatch(progressBar('pulling'));
      expect(pull.output()).not.toContain('pulling details:');
      expect(pull.screen()).not.toContain('pulling [');
    }
    using third = makeProject({ 'sync.config.yaml': remoteConfig(emulator) });
    const logged = await oc(third.root, ['pull']);
    expect(logged.code, logged.stderr).toBe(0);
    expect(logged.stderr).toMatch(/^pulling details: \d+\/60$/m);
    expect(logged.stderr).not.toMatch(/[█░]/);
    expect(logged.stdout).not.toMatch(/pulling|[█░]/);
  });

  it('Ctrl-C during apply: "stopped after N of M changes", exit 130; the next apply writes the rest', async () => {
    await using emulator = await startEmulator();
    using project = makeProject({
      'sync.config.yaml': remoteConfig(emulator, { sync: { requestsPerSecond: 5 } }),
    });
    writeCorpus(project, corpus);
    const bar = progressBar('applying');
    using apply = startTerminal(project.root, ocLine(project.root, ['apply', '--yes', '--compact']));
    await apply.waitFor('the bar at 5 or more', (t) => Number(bar.exec(t.screen())?.[1] ?? 0) >= 5);
    apply.keys('C-c');
    expect(await apply.exitCode()).toBe(130);

    const screen = apply.screen();
    const stopped =
      /stopped after (\d+) of (\d+) changes \(SIGINT\); what was written is recorded in \.oc-sync\/state\/e2e\.json and the lock is released — run apply again to continue with the remaining (\d+)/.exec(
        screen.replace(/\n/g, ''),
      );
    expect(stopped, screen).not.toBeNull();
    const [done, total, remaining] = (stopped ?? []).slice(1).map(Number) as [number, number, number];
    expect(total).toBe(WRITES);
    expect(done).toBeGreaterThanOrEqual(5);
    expect(done + remaining).toBe(total);
    expect(remaining).toBeGreaterThan(0);
    expect(screen, 'the bar was not cleared').not.toContain('applying [');
    // What the service holds is what the state records: no more, no less.
    const written = emulator.service().list('faq').length;
    expect(written).toBeLessThan(corpus.faqs);
    expect(Object.keys(project.state().documents)).toHaveLength(written);
    expect(project.exists(`.oc-sync/state/${ENVIRONMENT}.lock`)).toBe(false);

    // "The remaining N" is what the next apply has to do: creates, and any write that was in flight at the signal
    // and landed after it (recovered from its pending record).
    const next = await oc(project.root, ['apply', '--compact']);
    expect(next.code, next.stderr).toBe(0);
    const creates = Number(/Plan: (\d+) to create, 0 to update/.exec(next.stdout)?.[1]);
    const recovered = Number(/recovered (\d+) document\(s\)/.exec(next.stderr)?.[1] ?? 0);
    expect(creates + recovered, `${next.stdout}\n${next.stderr}`).toBe(remaining);
    expect(next.stdout).toContain(`Apply complete: ${creates} created`);
    await expectConverged(emulator, project, { faq: corpus.faqs, notice: 0, template: 0 });
  });

  it('Ctrl-C while pull fetches: "nothing was written", exit 130; pulling again takes everything', async () => {
    await using emulator = await startEmulator();
    using source = makeProject({ 'sync.config.yaml': remoteConfig(emulator) });
    writeCorpus(source, corpus);
    expect((await oc(source.root, ['apply'])).code).toBe(0);
    using project = makeProject({
      'sync.config.yaml': remoteConfig(emulator, { sync: { requestsPerSecond: 5 } }),
    });
    const bar = progressBar('pulling');
    using pull = startTerminal(project.root, ocLine(project.root, ['pull']));
    await pull.waitFor('the bar at 5 or more', (t) => Number(bar.exec(t.screen())?.[1] ?? 0) >= 5);
    pull.keys('C-c');
    expect(await pull.exitCode()).toBe(130);
    const screen = pull.screen();
    expect(screen).toContain(
      'stopped while fetching (SIGINT): nothing was written to content/ or the state — run pull again',
    );
    expect(screen, 'the bar was not cleared').not.toContain('pulling [');
    expect(project.exists('content')).toBe(false);
    expect(project.exists(`.oc-sync/state/${ENVIRONMENT}.json`)).toBe(false);

    const again = await oc(project.root, ['pull']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`Pull complete: ${corpus.faqs} created`);
    expect(Object.keys(project.state().documents)).toHaveLength(corpus.faqs);
  });
});
