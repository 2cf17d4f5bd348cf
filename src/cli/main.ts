import { Command, CommanderError } from 'commander';
import { AppError, CommandError } from '../common/errors';
import { ConfigError, loadConfig } from '../config/config';
import { registerAddInput } from './add-input.command';
import { registerAddPipeline } from './add-pipeline.command';
import { registerAddWebhook } from './add-webhook.command';
import { registerBatchCreate } from './batch-create.command';
import { registerCheckCompliance } from './compliance.command';
import { registerCreateProject } from './create-project.command';
import { registerCreateUser } from './create-user.command';
import { registerExecute } from './execute.command';
import { registerPipelineCommands } from './pipelines.command';
import { registerOutput } from './output.command';
import { registerProjectAdmin } from './project-admin.command';
import { registerReport } from './report.command';
import { registerRun } from './run.command';
import { registerServe } from './serve.command';
import { registerStatusCommands } from './status.command';
import { registerVerifyProject } from './verify-project.command';
import { registerWorker } from './worker.command';

/**
 * `scanloom <command>`: the same commands as ScanCode.io's `scanpipe`, over the same
 * services as the API. Errors print one line and exit 1.
 */
export async function runCli(argv: string[]): Promise<number> {
  const program = new Command('scanloom')
    .description("Scanloom: software composition analysis, compatible with ScanCode.io's API and CLI.")
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  const config = () => loadConfig();
  registerServe(program, config);
  registerCreateUser(program, config);
  registerWorker(program, config);
  registerExecute(program, config);
  registerPipelineCommands(program, config);
  registerRun(program, config);
  registerOutput(program, config);
  registerCheckCompliance(program, config);
  registerAddWebhook(program, config);
  registerCreateProject(program, config);
  registerAddInput(program, config);
  registerAddPipeline(program, config);
  registerStatusCommands(program, config);
  registerProjectAdmin(program, config);
  registerReport(program, config);
  registerBatchCreate(program, config);
  registerVerifyProject(program, config);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    return reportError(error);
  }
}

function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version exit 0; usage errors were already printed by commander.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof AppError) {
    process.stderr.write(`CommandError: ${describeBody(error.body)}\n`);
    return 1;
  }
  if (error instanceof CommandError || error instanceof ConfigError) {
    process.stderr.write(`${error instanceof ConfigError ? 'ConfigError' : 'CommandError'}: ${error.message}\n`);
    return 1;
  }
  process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
  return 1;
}

/** A ScanCode.io error body as one line: `name: message; pipeline: message`. */
function describeBody(body: Record<string, unknown>): string {
  return Object.entries(body)
    .map(([key, value]) => (['detail', 'status', 'error'].includes(key) ? String(value as string) : `${key}: ${Array.isArray(value) ? value.join(' ') : JSON.stringify(value)}`))
    .join('; ');
}

if (require.main === module || process.argv[1]?.endsWith('scanloom.js') || process.argv[1]?.endsWith('scanloom')) {
  runCli(process.argv).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = 1;
    },
  );
}
