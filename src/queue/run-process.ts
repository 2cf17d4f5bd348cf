import { loadConfig } from '../config/config';
import { openDatabase } from '../db/data-source';
import { loadPipelineRegistry } from '../pipelines';
import { describeError } from '../pipelines/runner';
import { openCompliancePass } from '../policies/compliance-pass';
import { MessagesRepository } from '../results/messages.repository';
import { ProjectInputStore } from '../inputs/input-sources.store';
import { ProjectImportStore } from '../results/import.store';
import { ProjectPackageStore } from '../results/packages.store';
import { ProjectResourceStore } from '../results/resources.store';
import { RunExecutor } from '../runs/run-executor';
import { RunsRepository } from '../runs/runs.repository';

/**
 * A run process: executes one run and exits. Forked by the local queue or by a worker,
 * so a crashing or stopped pipeline never takes the server with it.
 */
async function main(runUuid: string): Promise<void> {
  const config = loadConfig();
  const db = await openDatabase(config.database);
  const runs = new RunsRepository(db);
  const controller = new AbortController();
  process.on('SIGTERM', () => {
    controller.abort();
    setTimeout(() => process.exit(143), 2000).unref();
  });
  try {
    const executor = new RunExecutor(config, runs, new MessagesRepository(db), loadPipelineRegistry(config.pipelinesDirs), (project) => ({
      resources: new ProjectResourceStore(db, project.uuid),
      packages: new ProjectPackageStore(db, project.uuid, project.settings),
      inputs: new ProjectInputStore(db, project.uuid),
      imports: new ProjectImportStore(db, project.uuid),
    }), openCompliancePass(db, config.policiesFile));
    await executor.execute(runUuid, controller.signal);
  } catch (error) {
    await runs.finishIfRunning(runUuid, 1, describeError(error)).catch(() => undefined);
    throw error;
  } finally {
    await db.destroy();
  }
}

// The parent going away (server killed) must not leave orphans running.
process.on('disconnect', () => process.exit(1));

const runUuid = process.argv[2];
if (!runUuid) {
  process.stderr.write('usage: run-process <run uuid>\n');
  process.exit(2);
}
main(runUuid).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${describeError(error)}\n`);
    process.exit(1);
  },
);
