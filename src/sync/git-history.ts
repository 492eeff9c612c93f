import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * The one place oc-sync asks git anything (an edge, like the content reader): the revisions of a file through its
 * renames (`git log --follow`), and their texts, read in one `git cat-file --batch`. Outside a git work tree, or
 * without git, every answer is "no history" — never an error: history only explains a stale translation.
 */

const run = promisify(execFile);

export interface FileRevision {
  commit: string;
  /** The commit date, `YYYY-MM-DD`. */
  date: string;
  /** The file's path in that commit, relative to the repository root. */
  path: string;
}

/** The repository root of `cwd`, or undefined when it is not inside a git work tree (or git is missing). */
export async function gitRoot(cwd: string): Promise<string | undefined> {
  try {
    const { stdout } = await run('git', ['rev-parse', '--show-toplevel'], { cwd });
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Newest first: every commit that changed `file` (repository-relative), through renames, up to `limit`. */
export async function fileRevisions(root: string, file: string, limit = 200): Promise<FileRevision[]> {
  let stdout: string;
  try {
    ({ stdout } = await run(
      'git',
      // quotepath off: Korean file names come back as they are, not as octal escapes.
      [
        '-c',
        'core.quotepath=off',
        'log',
        '--follow',
        `-n${limit}`,
        '--format=%x00%H %cs',
        '--name-only',
        '--',
        file,
      ],
      { cwd: root, maxBuffer: 16 * 1024 * 1024 },
    ));
  } catch {
    return [];
  }
  const revisions: FileRevision[] = [];
  for (const record of stdout.split('\u0000').slice(1)) {
    const [head = '', ...paths] = record.split('\n').filter((line) => line !== '');
    const [commit, date] = head.split(' ');
    const path = paths.at(-1);
    if (commit && date && path) revisions.push({ commit, date, path });
  }
  return revisions;
}

/** The texts of `commit:path` for each revision (undefined where git has none), read by one git process. */
export function revisionTexts(
  root: string,
  revisions: readonly FileRevision[],
): Promise<(string | undefined)[]> {
  if (revisions.length === 0) return Promise.resolve([]);
  return new Promise((resolve) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd: root, stdio: ['pipe', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', () => resolve(revisions.map(() => undefined)));
    child.on('close', () => resolve(parseBatch(Buffer.concat(chunks), revisions.length)));
    child.stdin.end(revisions.map((r) => `${r.commit}:${r.path}\n`).join(''));
  });
}

/** `git cat-file --batch` output: `<sha> blob <size>\n<bytes>\n` per object, or `<name> missing\n`. */
function parseBatch(output: Buffer, count: number): (string | undefined)[] {
  const texts: (string | undefined)[] = [];
  let at = 0;
  while (texts.length < count && at < output.length) {
    const end = output.indexOf(10, at);
    if (end === -1) break;
    const header = output.subarray(at, end).toString('utf8').split(' ');
    at = end + 1;
    // `<name> missing` (the name may hold spaces) has no content; any other object does.
    if (header.length !== 3 || !/^\d+$/.test(header[2] ?? '')) {
      texts.push(undefined);
      continue;
    }
    const size = Number(header[2]);
    texts.push(header[1] === 'blob' ? output.subarray(at, at + size).toString('utf8') : undefined);
    at += size + 1;
  }
  while (texts.length < count) texts.push(undefined);
  return texts;
}
