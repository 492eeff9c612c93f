import { styleText } from 'node:util';

/** Terminal colours, or plain text when colour is off (`--no-color`, not a TTY, NO_COLOR). */
export function paint(enabled: boolean) {
  const on = enabled && !process.env.NO_COLOR;
  const wrap = (format: Parameters<typeof styleText>[0]) => (text: string) =>
    on ? styleText(format, text) : text;
  return {
    bold: wrap('bold'),
    dim: wrap('dim'),
    red: wrap('red'),
    green: wrap('green'),
    yellow: wrap('yellow'),
    cyan: wrap('cyan'),
  };
}
