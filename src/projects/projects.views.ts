import * as path from 'node:path';
import { formatDate } from '../common/dates';
import { toInputSourceView, type InputSourceView } from '../inputs/input-sources.views';
import { toRunView, type RunView } from '../runs/runs.views';
import { runStatus } from '../runs/run-status';
import { listFolder } from './workspace';
import type { ProjectRecord, ProjectSummaries } from './projects.repository';

export interface ProjectListView {
  name: string;
  url: string;
  uuid: string;
  purl: string;
  created_date: string | null;
  is_archived: boolean;
  notes: string;
  labels: string[];
  input_sources: InputSourceView[];
  runs: RunView[];
}

export type ProjectDetailView = Omit<ProjectListView, 'input_sources' | 'runs'> & {
  settings: Record<string, unknown>;
  input_sources: InputSourceView[];
  input_root: string[];
  output_root: string[];
  next_run: string | null;
  runs: RunView[];
  extra_data: Record<string, unknown>;
  message_count: number;
  resource_count: number;
  package_count: number;
  dependency_count: number;
  relation_count: number;
  results_url: string;
  summary_url: string;
} & ProjectSummaries;

/** The light shape of the list and of the create response. */
export function toProjectListView(record: ProjectRecord, base: string): ProjectListView {
  const { project } = record;
  return {
    name: project.name,
    url: `${base}/api/projects/${project.uuid}/`,
    uuid: project.uuid,
    purl: project.purl,
    created_date: formatDate(project.created_date),
    is_archived: project.is_archived,
    notes: project.notes,
    labels: record.labels,
    input_sources: record.inputs.map((input) => toInputSourceView(input, project.work_directory)),
    runs: record.runs.map((run) => toRunView(run, base)),
  };
}

/** The detail shape, field order as ScanCode.io emits it. */
export function toProjectDetailView(record: ProjectRecord, summaries: ProjectSummaries, base: string): ProjectDetailView {
  const { project } = record;
  const { input_sources, runs, ...head } = toProjectListView(record, base);
  const nextRun = record.runs.find((run) => runStatus(run) === 'not_started');
  return {
    ...head,
    settings: project.settings,
    input_sources,
    input_root: listFolder(path.join(project.work_directory, 'input')),
    output_root: listFolder(path.join(project.work_directory, 'output')),
    next_run: nextRun?.pipeline_name ?? null,
    runs,
    extra_data: project.extra_data,
    message_count: project.message_count,
    resource_count: project.resource_count,
    package_count: project.package_count,
    dependency_count: project.dependency_count,
    relation_count: project.relation_count,
    ...summaries,
    results_url: `${base}/api/projects/${project.uuid}/results/`,
    summary_url: `${base}/api/projects/${project.uuid}/summary/`,
  };
}
