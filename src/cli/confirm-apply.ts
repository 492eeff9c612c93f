import readline from 'node:readline/promises';

/**
 * The question apply asks before writing: a person at a terminal types yes. With `--yes`, or without a terminal
 * (CI), it goes on without asking.
 */
export function confirmApply(environment: string, yes: boolean | undefined) {
  return async (_run: unknown, writes: number): Promise<boolean> => {
    if (yes || !process.stdin.isTTY || !process.stdout.isTTY) return true;
    const prompt = readline.createInterface({ input: process.stdin, output: process.stdout });
    try {
      const answer = await prompt.question(
        `Apply ${writes} change(s) to ${environment}? Type yes to go on: `,
      );
      return answer.trim().toLowerCase() === 'yes';
    } finally {
      prompt.close();
    }
  };
}
