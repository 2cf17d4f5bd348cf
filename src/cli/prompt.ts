import * as readline from 'node:readline';

/**
 * Ask on stdout and read one line from stdin: true only for `yes`, as ScanCode.io's
 * prompts. An empty or closed stdin answers no.
 */
export async function confirm(question: string): Promise<boolean> {
  process.stdout.write(question);
  const lines = readline.createInterface({ input: process.stdin, terminal: false });
  try {
    for await (const line of lines) {
      return line === 'yes';
    }
    return false;
  } finally {
    lines.close();
  }
}
