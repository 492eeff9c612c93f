import readline from 'node:readline';

/**
 * One line from the person at the terminal, asked on stderr (stdout stays the command's output); an end of input
 * (Ctrl-D) or Ctrl-C answers nothing.
 */
export function ask(question: string): Promise<string> {
  const prompt = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  return new Promise((resolve) => {
    let answered = false;
    prompt.once('close', () => {
      if (!answered) process.stderr.write('\n');
      resolve('');
    });
    prompt.question(question, (answer) => {
      answered = true;
      resolve(answer);
      prompt.close();
    });
  });
}
