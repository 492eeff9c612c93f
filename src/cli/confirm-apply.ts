import { type UserInputError, userError } from '../diagnostics/diagnostic.js';
import { ask } from './ask.js';

/** What the question needs to know of the environment being written to. */
export interface ConfirmTarget {
  name: string;
  protected: boolean;
}

/**
 * The question apply asks before writing. Whether a person can answer is decided on stdin, not stdout: `apply | tee
 * log` still has someone at the keyboard, and the question goes to stderr so the log stays the plan and result.
 * Without a terminal on stdin (CI, a pipe), an unprotected environment proceeds (DESIGN §3), and a protected one
 * is refused unless `--yes` said so up front.
 */
export function confirmApply(target: ConfirmTarget, yes: boolean | undefined) {
  return async (_run: unknown, writes: number): Promise<boolean> => {
    if (yes) return true;
    if (process.stdin.isTTY !== true) {
      if (target.protected) throw unattendedProtectedApply(target.name);
      return true;
    }
    const answer = await ask(`Apply ${writes} change(s) to ${target.name}? Type yes to go on: `);
    return ['y', 'yes'].includes(answer.trim().toLowerCase());
  };
}

function unattendedProtectedApply(environment: string): UserInputError {
  const message = `environment ${environment} is protected, and stdin is not a terminal, so apply cannot ask for confirmation; nothing was changed`;
  return userError(message, 'apply', 'apply/unconfirmed', {
    hint: `run it from a terminal to review the plan and type yes, or add --yes to apply without asking (as CI does): oc-sync apply --env ${environment} --yes`,
  });
}
