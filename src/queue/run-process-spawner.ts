import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { configToEnv, type Config } from '../config/config';

export interface TaskEnd {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

/** The compiled run-process entry point, also when this module runs from TypeScript sources. */
export function runProcessPath(): string {
  if (__filename.endsWith('.ts')) {
    return path.resolve(__dirname, '../../dist/src/queue/run-process.js');
  }
  return path.join(__dirname, 'run-process.js');
}

export interface RunProcess {
  child: ChildProcess;
  ended: Promise<TaskEnd>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  kill(graceMs?: number): Promise<TaskEnd>;
}

/** Fork a run process for one run, with the same configuration as this process. */
export function spawnRunProcess(config: Config, runUuid: string): RunProcess {
  const child = fork(runProcessPath(), [runUuid], {
    env: { ...process.env, ...configToEnv(config) },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    serialization: 'json',
  });
  const ended = new Promise<TaskEnd>((resolve) => {
    child.once('exit', (exitCode, signal) => resolve({ exitCode, signal }));
    child.once('error', () => resolve({ exitCode: null, signal: null }));
  });
  const kill = async (graceMs = 3000): Promise<TaskEnd> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const end = await ended;
      clearTimeout(timer);
      return end;
    }
    return ended;
  };
  return { child, ended, kill };
}

/** Why a run process ended without recording an outcome, in words for task_output. */
export function describeTaskEnd(end: TaskEnd): string {
  if (end.signal) {
    const hint = end.signal === 'SIGKILL' ? ' (killed, for instance by the out-of-memory killer or kill -9)' : '';
    return `The run process was terminated by signal ${end.signal}${hint}.`;
  }
  return `The run process exited with code ${end.exitCode ?? 'unknown'} before the run ended.`;
}
