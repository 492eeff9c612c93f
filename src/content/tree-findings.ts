import { type Diagnostic, fileDiagnostic } from '../diagnostics/diagnostic.js';
import type { ContentTree } from './files.js';

/** What the walk of content/ itself found wrong (pure): a missing folder, links that are not followed, strays. */

export function missingFolderFinding(contentName: string, error: NodeJS.ErrnoException): Diagnostic {
  const message =
    error.code === 'ENOENT'
      ? `the content folder ${contentName} does not exist`
      : `cannot read ${contentName}: ${error.message}`;
  return fileDiagnostic(
    contentName,
    'content/missing-folder',
    message,
    'create it, or set content: in sync.config.yaml',
  );
}

/** One finding per stray; `folders` are the document folders, named in the stray-file warning. */
export function strayFindings(
  strays: ContentTree['strays'],
  folders: readonly string[],
  projectPath: (abs: string) => string,
): Diagnostic[] {
  return strays.map(({ file, reason }): Diagnostic => {
    const at = { file: projectPath(file.abs), line: 0, column: 0 };
    if (reason === 'symlink-loop')
      return {
        ...at,
        severity: 'error',
        rule: 'content/symlink-loop',
        message: 'this symlink points back to a folder that contains it, and is not followed',
        hint: 'remove the symlink: every document below it would be read again under another key',
      };
    if (reason === 'symlink-outside')
      return {
        ...at,
        severity: 'error',
        rule: 'content/path-outside-content',
        message: 'this symlink points outside content/ and is not read',
        hint: 'copy the file into content/ instead of linking to it',
      };
    return {
      ...at,
      severity: 'warning',
      rule: 'content/stray-file',
      message: `not inside ${folders.map((folder) => `${folder}/`).join(', ')}, so it is not synced`,
      hint: 'move it into the folder of its kind, or rename it with a leading _ to silence this',
    };
  });
}
