import { spawn } from 'node:child_process';
import path from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { configFileOf, globalsOf, loadProject } from '../project.js';

export function registerPreview(program: Command): void {
  program
    .command('preview')
    .description(
      'serve the help center built from content/ on 127.0.0.1, reloading on every save; --out writes it as static files',
    )
    .option('--port <port>', 'port to listen on (0: any free port)', parsePort, 0)
    .option('--open', 'open the preview in the browser')
    .option('--out <dir>', 'write the site as static files to this folder instead of serving it')
    .addHelpText(
      'after',
      '\nNothing is sent to the service. Ctrl-C stops the server.\nExamples:\n  oc-sync preview\n  oc-sync preview --port 4000 --open\n  oc-sync preview --out preview-site   # open preview-site/index.html',
    )
    .action(async (options: PreviewCommandOptions, command: Command) => {
      const globals = globalsOf(command);
      const cwd = path.resolve(globals.cwd);
      if (options.out !== undefined) {
        await exportPreview(cwd, options.out, command);
        return;
      }
      const { startPreviewServer } = await import('../../preview/server.js');
      const server = await startPreviewServer({
        cwd,
        configFile: await configFileOf(globals),
        env: process.env,
        port: options.port,
        print: (text) => {
          if (!globals.quiet) process.stdout.write(`${text}\n`);
        },
      });
      process.stdout.write(`Preview at ${server.url} (Ctrl-C to stop)\n`);
      if (options.open) openBrowser(server.url);
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

async function exportPreview(cwd: string, out: string, command: Command): Promise<void> {
  const [{ readSite }, { exportSite }] = await Promise.all([
    import('../../preview/read-site.js'),
    import('../../preview/export-site.js'),
  ]);
  const loaded = await loadProject(globalsOf(command));
  const site = await readSite(loaded, cwd);
  const outDir = path.resolve(cwd, out);
  const written = await exportSite(site, outDir, path.resolve(loaded.root, loaded.config.content));
  const problems = site.diagnostics.length
    ? `; content/ has ${site.diagnostics.length} problem(s), shown on its pages`
    : '';
  process.stdout.write(
    `Wrote ${written.pages} pages and ${written.files} files to ${path.relative(cwd, outDir) || '.'}/ (open index.html)${problems}\n`,
  );
}

/** The system's opener; a failure to open is not the preview's failure. */
function openBrowser(url: string): void {
  const opener =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
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
}
