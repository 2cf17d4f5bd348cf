import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { formatDate } from '../common/dates';
import type { ProjectRecord } from '../projects/projects.repository';
import { toRunView } from '../runs/runs.views';
import { toMessageView } from '../results/messages.list';
import type { ProjectMessage } from '../results/project-message.entity';
import { toResourceView } from '../results/resources.views';
import type { CodebaseResource } from '../results/codebase-resource.entity';

export const NOTICE =
  'Generated with Scanloom and provided on an "AS IS" BASIS, WITHOUT WARRANTIES\n' +
  'OR CONDITIONS OF ANY KIND, either express or implied.\n' +
  'No content created from Scanloom should be considered or used as legal advice.\n' +
  'Consult an Attorney for any legal advice.\n' +
  'Scanloom is a free software code scanning tool.\n' +
  'Visit https://github.com/aboutcode-org/scancode.io for the ScanCode.io project it is compatible with.';

/** What the results document is read from; rows come in batches so memory stays flat. */
export interface ResultsSource {
  record: ProjectRecord;
  version: string;
  messages(): Promise<ProjectMessage[]>;
  /** Files and directories (no symlinks) in path order, a batch at a time, with their packages' uids. */
  resourceBatches(): AsyncIterable<{ resources: CodebaseResource[]; packages: Map<number, string[]> }>;
}

/**
 * Write ScanCode.io's JSON results document (headers, packages, dependencies, files,
 * relations) to a stream, one file object at a time.
 */
export async function writeJsonResults(out: Writable, source: ResultsSource): Promise<void> {
  const write = async (text: string) => {
    if (!out.write(text)) {
      await once(out, 'drain');
    }
  };
  const { project } = source.record;
  const header = {
    tool_name: 'scanpipe',
    tool_version: source.version,
    other_tools: [],
    notice: NOTICE,
    uuid: project.uuid,
    created_date: formatDate(project.created_date),
    notes: project.notes,
    settings: project.settings,
    input_sources: inputSources(source.record),
    runs: source.record.runs.map((run) => toRunView(run, null)),
    messages: (await source.messages()).map(toMessageView),
    extra_data: project.extra_data,
  };
  await write(`{\n  "headers": [\n    ${JSON.stringify(header)}\n  ],\n  "packages": [],\n  "dependencies": [],\n  "files": [`);
  let first = true;
  for await (const batch of source.resourceBatches()) {
    for (const resource of batch.resources) {
      await write(`${first ? '\n' : ',\n'}    ${JSON.stringify(toResourceView(resource, batch.packages.get(resource.id) ?? []))}`);
      first = false;
    }
  }
  await write(`${first ? '' : '\n  '}],\n  "relations": []\n}\n`);
}

/** Input sources as the results headers show them: rows, plus files in input/ without a row. */
function inputSources(record: ProjectRecord) {
  const inputDir = path.join(record.project.work_directory, 'input');
  const stat = (name: string) => (name ? fs.statSync(path.join(inputDir, name), { throwIfNoEntry: false }) : undefined);
  const rows = record.inputs.map((input) => {
    const info = stat(input.filename);
    return {
      filename: input.filename,
      download_url: input.download_url,
      is_uploaded: input.is_uploaded,
      tag: input.tag,
      size: info?.isFile() ? info.size : null,
      is_file: info ? info.isFile() : true,
      exists: Boolean(info),
      uuid: input.uuid,
    };
  });
  const known = new Set(record.inputs.map((i) => i.filename));
  const extra = fs
    .readdirSync(inputDir, { withFileTypes: true })
    .filter((entry) => !known.has(entry.name))
    .map((entry) => {
      const info = stat(entry.name);
      return { filename: entry.name, is_uploaded: false, is_file: entry.isFile(), size: info?.isFile() ? info.size : null, exists: true };
    });
  return [...rows, ...extra].sort((a, b) => a.filename.localeCompare(b.filename));
}
