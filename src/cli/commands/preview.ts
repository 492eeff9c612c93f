import { spawn } from 'node:child_process';
import path from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { openPlanner, type Planner } from '../preview-planner.js';
import { configFileOf, globalsOf, loadProject } from '../project.js';

export function registerPreview(program: Command): void {
  program
    .command('preview')
    .description(
      'serve the help center built from content/ on 127.0.0.1, reloading on every save; --out writes it as static files',
    )
    .option('--port <port>', 'port to listen on (0: any free port)', parsePort, 0)
    .option('--open', 'open the preview in the browser ($BROWSER when set, else the system opener)')
    .option('--out <dir>', 'write the site as static files to this folder instead of serving it')
    .option(
      '--env [name]',
      'also show the plan against an environment (bare --env: OC_ENV or defaultEnvironment); without it, no plan',
    )
    .addHelpText(
      'after',
      [
        '',
        'Without --env the preview reads only content/ and never contacts the service. With --env it also makes the plan',
        'oc-sync plan makes (reads only: nothing is ever written to the service), badges each document new / changed /',
        'moved / to be deleted / drifted / held, and adds a compare page per changed document; the plan is made again',
        'after every save. Ctrl-C stops the server.',
        'Examples:',
        '  oc-sync preview',
        '  oc-sync preview --port 4000 --open',
        '  oc-sync preview --env alpha          # with the plan against alpha',
        '  oc-sync preview --env --out preview-site   # open preview-site/index.html',
      ].join('\n'),
    )
    .action(async (options: PreviewCommandOptions, command: Command) => {
      const globals = globalsOf(command);
      const cwd = path.resolve(globals.cwd);
      await using planner = await openPlanner(globals, options.env);
      if (options.out !== undefined) {
        await exportPreview(cwd, options.out, command, planner);
        return;
      }
      const { startPreviewServer } = await import('../../preview/server.js');
      const server = await startPreviewServer({
        plan: planner?.plan,
        cwd,
        configFile: await configFileOf(globals),
        env: process.env,
        port: options.port,
        print: (text) => {
          if (!globals.quiet) process.stdout.write(`${text}\n`);
        },
      });
      process.stdout.write(`Preview at ${server.url} (Ctrl-C to stop)\n`);
      if (options.open) openBrowser(server.url, process.env.BROWSER);
      await new Promise<void>((resolve) => {
        const onSignal = () => {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          void server.stop().then(resolve);
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
      });
    });
}

async function exportPreview(
  cwd: string,
  out: string,
  command: Command,
  planner: Planner | undefined,
): Promise<void> {
  const [{ readSite }, { exportSite }, { attachPlan }] = await Promise.all([
    import('../../preview/read-site.js'),
    import('../../preview/export-site.js'),
    import('../../preview/site-plan.js'),
  ]);
  const loaded = await loadProject(globalsOf(command));
  const read = await readSite(loaded, cwd);
  const planned = await planner?.plan(read);
  if (planned?.error) process.stderr.write(`no plan against ${planned.environment}: ${planned.error}\n`);
  const site = attachPlan(read, planned);
  const outDir = path.resolve(cwd, out);
  const written = await exportSite(site, outDir, path.resolve(loaded.root, loaded.config.content));
  const problems = site.diagnostics.length
    ? `; content/ has ${site.diagnostics.length} problem(s), shown on its pages`
    : '';
  process.stdout.write(
    `Wrote ${written.pages} pages and ${written.files} files to ${path.relative(cwd, outDir) || '.'}/ (open index.html)${problems}\n`,
  );
}

/**
 * `BROWSER` when set (a command, as other tools read it; given the URL), else the system's opener; a failure to
 * open is not the preview's failure.
 */
function openBrowser(url: string, browser: string | undefined): void {
  const system =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const opener = browser?.trim() || system;
  try {
    spawn(opener, [url], { stdio: 'ignore', detached: true })
      .on('error', () => process.stderr.write(`could not open a browser; open ${url}\n`))
      .unref();
  } catch {
    process.stderr.write(`could not open a browser; open ${url}\n`);
  }
}

function parsePort(value: string): number {
  const port = /^\d+$/.test(value) ? Number.parseInt(value, 10) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) throw new InvalidArgumentError('a port number (0 to 65535)');
  return port;
}

interface PreviewCommandOptions {
  port: number;
  open?: boolean;
  out?: string;
  /** `--env` alone: the default environment. */
  env?: string | true;
}
