import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Writable } from 'node:stream';
import { formatDate } from '../common/dates';
import type { ProjectRecord } from '../projects/projects.repository';
import { toRunView } from '../runs/runs.views';
import { toMessageView } from '../results/messages.list';
import { toDependencyView, toPackageView } from '../results/packages.views';
import { toLicenseDetectionView } from '../results/licenses.views';
import { toRelationView } from '../results/relations.views';
import { toResourceView } from '../results/resources.views';
import { drained, type ExportSource } from './source';

export const NOTICE =
  'Generated with Scanloom and provided on an "AS IS" BASIS, WITHOUT WARRANTIES\n' +
  'OR CONDITIONS OF ANY KIND, either express or implied.\n' +
  'No content created from Scanloom should be considered or used as legal advice.\n' +
  'Consult an Attorney for any legal advice.\n' +
  'Scanloom is a free software code scanning tool.\n' +
  'Visit https://github.com/aboutcode-org/scancode.io for the ScanCode.io project it is compatible with.';

/** What the JSON results document needs of a project. */
export type ResultsSource = Pick<
  ExportSource,
  'record' | 'version' | 'messages' | 'packageBatches' | 'dependencyBatches' | 'licenseBatches' | 'resourceBatches' | 'relationBatches'
>;

/**
 * Write ScanCode.io's JSON results document (headers, packages, dependencies, the unique
 * license detections, files, relations) to a stream, one object at a time: memory stays flat
 * whatever the size.
 */
export async function writeJsonResults(out: Writable, source: ResultsSource): Promise<void> {
  const write = async (text: string) => {
    out.write(text);
    await drained(out);
  };
  const section = async <T>(label: string, batches: AsyncIterable<T[]>, view: (row: T) => unknown, last = false) => {
    await write(`  "${label}": [`);
    let first = true;
    for await (const batch of batches) {
      let chunk = '';
      for (const row of batch) {
        chunk += `${first ? '\n' : ',\n'}    ${JSON.stringify(view(row))}`;
        first = false;
      }
      await write(chunk);
    }
    await write(`${first ? '' : '\n  '}]${last ? '' : ','}\n`);
  };
  await write(`{\n  "headers": [\n    ${JSON.stringify(await resultsHeader(source))}\n  ],\n`);
  await section('packages', source.packageBatches(), toPackageView);
  await section('dependencies', source.dependencyBatches(), toDependencyView);
  await section('license_detections', source.licenseBatches(), toLicenseDetectionView);
  await section('files', resourceRows(source.resourceBatches()), ([resource, packages]) => toResourceView(resource, packages));
  await section('relations', source.relationBatches(), toRelationView, true);
  await write('}\n');
}

/** The `headers[0]` object of the results document. */
export async function resultsHeader(source: Pick<ExportSource, 'record' | 'version' | 'messages'>) {
  const { project } = source.record;
  return {
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
}

/** Resource batches as batches of `[resource, for_packages]` pairs. */
async function* resourceRows(batches: ReturnType<ExportSource['resourceBatches']>) {
  for await (const batch of batches) {
    yield batch.resources.map((r) => [r, batch.packages.get(r.id) ?? []] as const);
  }
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
  const entries = fs.existsSync(inputDir) ? fs.readdirSync(inputDir, { withFileTypes: true }) : [];
  const extra = entries
    .filter((entry) => !known.has(entry.name))
    .map((entry) => {
      const info = stat(entry.name);
      return { filename: entry.name, is_uploaded: false, is_file: entry.isFile(), size: info?.isFile() ? info.size : null, exists: true };
    });
  return [...rows, ...extra].sort((a, b) => a.filename.localeCompare(b.filename));
}
