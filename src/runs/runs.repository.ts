import { DataSource, IsNull, Not } from 'typeorm';
import { Project } from '../projects/project.entity';
import { CodebaseRelation } from '../results/codebase-relation.entity';
import { CodebaseResource } from '../results/codebase-resource.entity';
import { DiscoveredDependency } from '../results/discovered-dependency.entity';
import { DiscoveredPackage } from '../results/discovered-package.entity';
import { ProjectMessage } from '../results/project-message.entity';
import { insertRows } from '../db/sql';
import { Run } from './run.entity';

/** `YYYY-MM-DD HH:MM:SS.mmm message`, ScanCode.io's run log line. */
export function logLine(message: string, when = new Date()): string {
  return `${when.toISOString().replace('T', ' ').slice(0, 23)} ${message}\n`;
}

export class RunsRepository {
  constructor(private readonly db: DataSource) {}

  async findOne(uuid: string): Promise<Run | null> {
    return this.db.getRepository(Run).findOneBy({ uuid });
  }

  async forProject(projectUuid: string): Promise<Run[]> {
    return this.db.getRepository(Run).find({ where: { project_uuid: projectUuid }, order: { created_date: 'ASC', uuid: 'ASC' } });
  }

  async insert(run: Run): Promise<void> {
    await insertRows(this.db.manager, Run, [run]);
  }

  async delete(uuid: string): Promise<void> {
    await this.db.getRepository(Run).delete({ uuid });
  }

  async update(uuid: string, fields: Partial<Run>): Promise<void> {
    await this.db.getRepository(Run).update({ uuid }, fields as never);
  }

  /** Mark queued, unless the run has started meanwhile. */
  async markQueued(uuid: string): Promise<void> {
    await this.db.getRepository(Run).update({ uuid, task_start_date: IsNull() }, { task_id: uuid });
  }

  /** Set the end of a run only if nothing ended it before (a stop wins over a late finish). */
  async finishIfRunning(uuid: string, exitcode: number, output: string, extraLog = ''): Promise<boolean> {
    const result = await this.db
      .createQueryBuilder()
      .update(Run)
      .set({
        task_exitcode: exitcode,
        task_output: output,
        task_end_date: new Date().toISOString() as never,
        current_step: '',
        ...(extraLog ? { log: () => `log || :extraLog` } : {}),
      })
      .where('uuid = :uuid AND task_end_date IS NULL', { uuid })
      .setParameters(extraLog ? { extraLog: logLine(extraLog) } : {})
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async appendLog(uuid: string, message: string): Promise<void> {
    await this.db
      .createQueryBuilder()
      .update(Run)
      .set({ log: () => 'log || :line' })
      .where('uuid = :uuid', { uuid })
      .setParameters({ line: logLine(message) })
      .execute();
  }

  /** Runs that are queued or running in any project. */
  async unfinished(): Promise<Run[]> {
    return this.db.getRepository(Run).find({ where: { task_id: Not(IsNull()), task_end_date: IsNull() }, order: { created_date: 'ASC' } });
  }

  /** Recompute the denormalised counters of a project from its rows. */
  async refreshProjectCounters(projectUuid: string): Promise<void> {
    const count = (entity: new () => object) => this.db.getRepository(entity).countBy({ project_uuid: projectUuid });
    const [resources, packages, dependencies, messages, relations] = await Promise.all([
      count(CodebaseResource),
      count(DiscoveredPackage),
      count(DiscoveredDependency),
      count(ProjectMessage),
      count(CodebaseRelation),
    ]);
    await this.db.getRepository(Project).update(
      { uuid: projectUuid },
      { resource_count: resources, package_count: packages, dependency_count: dependencies, message_count: messages, relation_count: relations },
    );
  }

  /** Merge fields into the project's extra_data (read and written in one transaction). */
  async updateProjectExtraData(projectUuid: string, fields: Record<string, unknown>): Promise<void> {
    await this.db.transaction(async (tx) => {
      const project = await tx.getRepository(Project).findOneBy({ uuid: projectUuid });
      if (project) {
        await tx.getRepository(Project).update({ uuid: projectUuid }, { extra_data: { ...project.extra_data, ...fields } as never });
      }
    });
  }

  async project(projectUuid: string): Promise<Project | null> {
    return this.db.getRepository(Project).findOneBy({ uuid: projectUuid });
  }
}
