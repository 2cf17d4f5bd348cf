import { CommandError } from '../common/errors';
import type { ProjectRecord, ProjectsRepository } from '../projects/projects.repository';

/** The project of a `--project NAME` option, or ScanCode.io's one-line error. */
export async function findProjectByName(projects: ProjectsRepository, name: string): Promise<ProjectRecord> {
  const record = await projects.findByName(name);
  if (!record) {
    throw new CommandError(`Project ${name} does not exist`);
  }
  return record;
}
