import type { ProjectDetailView } from '../projects/projects.views';
import type { RunView } from '../runs/runs.views';

/** Slack's limit for the text of one block. */
const SLACK_TEXT_MAX = 3000;

const STATUS_COLORS: Readonly<Record<string, string>> = { success: '#48c78e', failure: '#f14668' };

/** Whether a target gets Slack's message format instead of the generic payload. */
export function isSlackTarget(targetUrl: string): boolean {
  try {
    return new URL(targetUrl).hostname.toLowerCase() === 'hooks.slack.com';
  } catch {
    return false;
  }
}

/**
 * ScanCode.io's generic payload: the project detail without `url` and `runs` (its URLs
 * relative), the run without `url` and `project`, then the summary and the results when
 * the subscription asks for them.
 */
export function genericPayload(
  project: ProjectDetailView,
  run: RunView,
  extras: { summary?: Record<string, unknown>; results?: unknown },
): Record<string, unknown> {
  const { url: _url, runs: _runs, ...projectFields } = project;
  return {
    project: projectFields,
    run,
    ...(extras.summary !== undefined ? { summary: extras.summary } : {}),
    ...(extras.results !== undefined ? { results: extras.results } : {}),
  };
}

/** ScanCode.io's Slack message: the project (linked when the site URL is known), the pipeline and its outcome. */
export function slackPayload(
  project: { name: string; uuid: string },
  run: { pipeline_name: string; status: string; task_output: string },
  siteUrl: string,
): Record<string, unknown> {
  const display = siteUrl ? `<${siteUrl}/api/projects/${project.uuid}/|${project.name}>` : project.name;
  const blocks: Record<string, unknown>[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `Pipeline \`${run.pipeline_name}\` completed with ${run.status}.` } },
  ];
  if (run.status === 'failure' && run.task_output) {
    const output = run.task_output.length > SLACK_TEXT_MAX ? `${run.task_output.slice(0, SLACK_TEXT_MAX - 30)}\n... (truncated)` : run.task_output;
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `\`\`\`${output}\`\`\`` } });
  }
  return {
    username: 'Scanloom',
    text: `Project *${display}* update:`,
    attachments: [{ color: STATUS_COLORS[run.status] ?? '', blocks }],
  };
}
