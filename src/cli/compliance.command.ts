import { InvalidArgumentError, type Command } from 'commander';
import type { Config } from '../config/config';
import { FAIL_LEVELS, type FailLevel } from '../policies/compliance';
import { PoliciesRepository } from '../policies/policies.repository';
import { ProjectsRepository } from '../projects/projects.repository';
import { withServices } from './context';
import { findProjectByName } from './projects';

interface CheckOptions {
  project: string;
  failLevel: FailLevel;
  failOnVulnerabilities?: boolean;
  verbosity: string;
}

export function registerCheckCompliance(program: Command, config: () => Config): void {
  program
    .command('check-compliance')
    .description(
      'Check a project for compliance issues at or above a fail level, plus its license clarity and scorecard alerts; exit 1 when there are any.',
    )
    .requiredOption('--project <name>', 'project name')
    .option('--fail-level <level>', 'ERROR, WARNING or MISSING: the alert level that fails the check', parseFailLevel, 'error')
    .option('--fail-on-vulnerabilities', 'also fail when packages or dependencies have known vulnerabilities')
    .option('--verbosity <level>', '0 prints nothing, 2 lists each entry', '1')
    .action(async (options: CheckOptions) => {
      process.exitCode = (await checkCompliance(config(), options)) ? 0 : 1;
    });
}

function parseFailLevel(value: string): FailLevel {
  const level = FAIL_LEVELS.find((l) => l === value.toLowerCase());
  if (!level) {
    throw new InvalidArgumentError('Allowed choices are ERROR, WARNING, MISSING.');
  }
  return level;
}

/** ScanCode.io's report on stderr; returns true when the project is clean. */
async function checkCompliance(config: Config, options: CheckOptions): Promise<boolean> {
  const verbosity = Number(options.verbosity);
  const say = (line: string) => verbosity > 0 && process.stderr.write(`${line}\n`);
  return withServices(config, async (app) => {
    const { project } = await findProjectByName(app.get(ProjectsRepository), options.project);
    const policies = app.get(PoliciesRepository);
    const alerts = await policies.complianceAlerts(project.uuid, options.failLevel);
    const clarity = project.extra_data.license_clarity_compliance_alert;
    const scorecard = project.extra_data.scorecard_compliance_alert;
    const hasClarityIssue = typeof clarity === 'string' && clarity !== 'ok';
    const hasScorecardIssue = typeof scorecard === 'string' && scorecard !== 'ok';
    const count = Object.values(alerts).reduce((sum, bySeverity) => sum + Object.values(bySeverity).reduce((n, entries) => n + entries.length, 0), 0);
    const total = count + (hasClarityIssue ? 1 : 0) + (hasScorecardIssue ? 1 : 0);
    if (total > 0) {
      say(`${total} compliance issues detected.`);
      for (const [section, bySeverity] of Object.entries(alerts)) {
        say(`[${section}]`);
        for (const [severity, entries] of Object.entries(bySeverity)) {
          say(` > ${severity.toUpperCase()}: ${entries.length}`);
          if (verbosity > 1) {
            say(`   ${entries.join('\n   ')}`);
          }
        }
      }
      if (hasClarityIssue) {
        say('[license clarity]');
        say(` > ${clarity.toUpperCase()}`);
      }
      if (hasScorecardIssue) {
        say('[scorecard compliance]');
        say(` > ${scorecard.toUpperCase()}`);
      }
    }
    let vulnerable = false;
    if (options.failOnVulnerabilities) {
      const vulnerabilities = await policies.vulnerabilities(project.uuid);
      vulnerable = vulnerabilities.size > 0;
      if (vulnerable) {
        say(`${vulnerabilities.size} vulnerabilities found:`);
        for (const [id, affects] of vulnerabilities) {
          say(id);
          affects.forEach((purl) => say(` > ${purl}`));
        }
      } else if (verbosity > 0) {
        process.stdout.write('No vulnerabilities found\n');
      }
    }
    return total === 0 && !vulnerable;
  });
}
