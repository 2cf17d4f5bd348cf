import { InvalidArgumentError, type Command } from 'commander';
import { CommandError } from '../common/errors';
import type { Config } from '../config/config';
import { PoliciesRepository } from '../policies/policies.repository';
import { ProjectsRepository } from '../projects/projects.repository';
import { withServices } from './context';
import { findProjectByName } from './projects';

interface VerifyOptions {
  project: string;
  packages?: number;
  vulnerablePackages?: number;
  dependencies?: number;
  vulnerableDependencies?: number;
  vulnerabilities?: number;
  strict?: boolean;
}

export function registerVerifyProject(program: Command, config: () => Config): void {
  program
    .command('verify-project')
    .description('Check the counts of packages, dependencies and vulnerabilities of a project (at least N, or exactly N with --strict); exit 1 listing the mismatches.')
    .requiredOption('--project <name>', 'project name')
    .option('--packages <n>', 'expected number of packages', parseCount)
    .option('--vulnerable-packages <n>', 'expected number of vulnerable packages', parseCount)
    .option('--dependencies <n>', 'expected number of dependencies', parseCount)
    .option('--vulnerable-dependencies <n>', 'expected number of vulnerable dependencies', parseCount)
    .option('--vulnerabilities <n>', 'expected number of unique vulnerabilities, of packages and dependencies together', parseCount)
    .option('--strict', 'expect exact counts instead of minimums')
    .action(async (options: VerifyOptions) => {
      await withServices(config(), async (app) => {
        const { project } = await findProjectByName(app.get(ProjectsRepository), options.project);
        const counts = await app.get(ProjectsRepository).counts(project.uuid);
        const vulnerabilities = (await app.get(PoliciesRepository).vulnerabilities(project.uuid)).size;
        const checks: [number, number | undefined, string][] = [
          [counts.packages, options.packages, 'packages'],
          [counts.vulnerablePackages, options.vulnerablePackages, 'vulnerable packages'],
          [counts.dependencies, options.dependencies, 'dependencies'],
          [counts.vulnerableDependencies, options.vulnerableDependencies, 'vulnerable dependencies'],
          [vulnerabilities, options.vulnerabilities, 'vulnerabilities on the project'],
        ];
        const errors = checks.flatMap(([actual, expected, label]) => {
          if (expected === undefined) {
            return [];
          }
          if (options.strict && actual !== expected) {
            return [`Expected exactly ${expected} ${label}, found ${actual}`];
          }
          return !options.strict && actual < expected ? [`Expected at least ${expected} ${label}, found ${actual}`] : [];
        });
        if (errors.length > 0) {
          throw new CommandError(`Project verification failed:\n${errors.join('\n')}`);
        }
        process.stdout.write('Project verification passed.\n');
      });
    });
}

function parseCount(value: string): number {
  const count = Number(value);
  if (value.trim() === '' || !Number.isInteger(count) || count < 0) {
    throw new InvalidArgumentError('Must be a whole number.');
  }
  return count;
}
