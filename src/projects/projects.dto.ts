import { ApiProperty } from '@nestjs/swagger';
import type { InputSourceView } from '../inputs/input-sources.views';
import type { RunStatus, } from '../runs/run-status';
import { RUN_STATUSES } from '../runs/run-status';
import type { RunView } from '../runs/runs.views';

export class WebhookRequestDto {
  @ApiProperty({ format: 'uri', maxLength: 1024 })
  target_url!: string;

  @ApiProperty({ required: false, default: false })
  trigger_on_each_run?: boolean;

  @ApiProperty({ required: false, default: false })
  include_summary?: boolean;

  @ApiProperty({ required: false, default: false })
  include_results?: boolean;

  @ApiProperty({ required: false, default: true })
  is_active?: boolean;
}

export class CreateProjectDto {
  @ApiProperty({ maxLength: 100, description: 'Unique project name.' })
  name!: string;

  @ApiProperty({ required: false })
  notes?: string;

  @ApiProperty({ required: false, maxLength: 2048, description: 'Package URL of the project.' })
  purl?: string;

  @ApiProperty({ required: false, type: [String] })
  labels?: string[];

  @ApiProperty({ required: false, type: Object, additionalProperties: true, description: 'Project settings (ignored_patterns, policies…); a JSON string in forms.' })
  settings?: Record<string, unknown>;

  @ApiProperty({ required: false, type: 'string', format: 'binary', description: 'Multipart only; may be repeated.' })
  upload_file?: unknown;

  @ApiProperty({ required: false, maxLength: 50 })
  upload_file_tag?: string;

  @ApiProperty({ required: false, type: [String], description: 'Download URLs; each item is split on whitespace; `#tag` sets the tag.' })
  input_urls?: string[];

  @ApiProperty({ required: false, type: [String], description: 'Pipeline names, optionally `name:Group1,Group2`.' })
  pipeline?: string[];

  @ApiProperty({ required: false, default: false })
  execute_now?: boolean;

  @ApiProperty({ required: false, description: 'Subscribe one webhook with default options.' })
  webhook_url?: string;

  @ApiProperty({ required: false, type: [WebhookRequestDto] })
  webhooks?: WebhookRequestDto[];
}

export class InputSourceDto implements InputSourceView {
  @ApiProperty() filename!: string;
  @ApiProperty() download_url!: string;
  @ApiProperty() is_uploaded!: boolean;
  @ApiProperty() tag!: string;
  @ApiProperty() exists!: boolean;
  @ApiProperty({ format: 'uuid' }) uuid!: string;
}

export class RunDto implements RunView {
  @ApiProperty({ format: 'uri' }) url!: string;
  @ApiProperty() pipeline_name!: string;
  @ApiProperty({ enum: RUN_STATUSES }) status!: RunStatus;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [String], nullable: true }) selected_groups!: string[] | null;
  @ApiProperty({ type: [String], nullable: true }) selected_steps!: string[] | null;
  @ApiProperty({ format: 'uri' }) project!: string;
  @ApiProperty({ format: 'uuid' }) uuid!: string;
  @ApiProperty({ format: 'date-time' }) created_date!: string;
  @ApiProperty() scancodeio_version!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) task_id!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) task_start_date!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) task_end_date!: string | null;
  @ApiProperty({ nullable: true, type: Number }) task_exitcode!: number | null;
  @ApiProperty() task_output!: string;
  @ApiProperty() log!: string;
  @ApiProperty({ nullable: true, type: Number }) execution_time!: number | null;
  @ApiProperty({ description: 'Step being executed, as `i/N step_name`; empty when not running.' }) current_step!: string;
  @ApiProperty({ nullable: true, type: Object, description: '`{processed, total}` of the current step, when it knows them.' })
  progress!: { processed: number; total: number } | null;
  @ApiProperty({ type: [Object], description: '`[{step, seconds}]` for each completed step.' }) step_timings!: { step: string; seconds: number }[];
}

export class ProjectListItemDto {
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uri' }) url!: string;
  @ApiProperty({ format: 'uuid' }) uuid!: string;
  @ApiProperty() purl!: string;
  @ApiProperty({ format: 'date-time' }) created_date!: string;
  @ApiProperty() is_archived!: boolean;
  @ApiProperty() notes!: string;
  @ApiProperty({ type: [String] }) labels!: string[];
  @ApiProperty({ type: [InputSourceDto] }) input_sources!: InputSourceDto[];
  @ApiProperty({ type: [RunDto] }) runs!: RunDto[];
}

class PackagesSummaryDto {
  @ApiProperty() total!: number;
  @ApiProperty() with_missing_resources!: number;
  @ApiProperty() with_modified_resources!: number;
}

class DependenciesSummaryDto {
  @ApiProperty() total!: number;
  @ApiProperty() is_runtime!: number;
  @ApiProperty() is_optional!: number;
  @ApiProperty() is_pinned!: number;
}

export class ProjectDetailDto extends ProjectListItemDto {
  @ApiProperty({ type: Object, additionalProperties: true }) settings!: Record<string, unknown>;
  @ApiProperty({ type: [String] }) input_root!: string[];
  @ApiProperty({ type: [String] }) output_root!: string[];
  @ApiProperty({ nullable: true, type: String }) next_run!: string | null;
  @ApiProperty({ type: Object, additionalProperties: true }) extra_data!: Record<string, unknown>;
  @ApiProperty() message_count!: number;
  @ApiProperty() resource_count!: number;
  @ApiProperty() package_count!: number;
  @ApiProperty() dependency_count!: number;
  @ApiProperty() relation_count!: number;
  @ApiProperty({ type: Object, additionalProperties: { type: 'integer' }, description: 'Resource count by status.' })
  codebase_resources_summary!: Record<string, number>;
  @ApiProperty({ type: PackagesSummaryDto }) discovered_packages_summary!: PackagesSummaryDto;
  @ApiProperty({ type: DependenciesSummaryDto }) discovered_dependencies_summary!: DependenciesSummaryDto;
  @ApiProperty({ type: Object, additionalProperties: { type: 'integer' }, description: 'Relation count by map type.' })
  codebase_relations_summary!: Record<string, number>;
  @ApiProperty({ format: 'uri' }) results_url!: string;
  @ApiProperty({ format: 'uri' }) summary_url!: string;
}

export class ApiRootDto {
  @ApiProperty({ format: 'uri' }) projects!: string;
}

export class AddPipelineDto {
  @ApiProperty({ description: 'Pipeline name, optionally `name:Group1,Group2`.' })
  pipeline!: string;

  @ApiProperty({ required: false, default: false })
  execute_now?: boolean;
}

export class ArchiveDto {
  @ApiProperty({ required: false, default: false, description: 'Remove the input/ folder (the input sources stay listed).' })
  remove_input?: boolean;

  @ApiProperty({ required: false, default: false, description: 'Remove the codebase/ folder.' })
  remove_codebase?: boolean;

  @ApiProperty({ required: false, default: false, description: 'Remove the output/ folder.' })
  remove_output?: boolean;
}

export class ResetDto {
  @ApiProperty({ required: false, default: true, description: 'Keep input/ and the input sources.' })
  keep_input?: boolean;

  @ApiProperty({ required: false, default: true, description: 'Keep the webhook subscriptions.' })
  keep_webhook?: boolean;

  @ApiProperty({ required: false, default: false, description: 'Add the same pipelines (with their groups) again.' })
  restore_pipelines?: boolean;

  @ApiProperty({ required: false, default: false, description: 'Start the first restored pipeline.' })
  execute_now?: boolean;
}

class PipelineStepDto {
  @ApiProperty() name!: string;
  @ApiProperty() doc!: string;
  @ApiProperty({ type: [String] }) groups!: string[];
}

export class PipelineDto {
  @ApiProperty() name!: string;
  @ApiProperty() summary!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [PipelineStepDto] }) steps!: PipelineStepDto[];
  @ApiProperty({ type: [String] }) available_groups!: string[];
  @ApiProperty() is_available!: boolean;
  @ApiProperty() unavailable_reason!: string;
}

export class AddInputDto {
  @ApiProperty({ required: false, type: 'string', format: 'binary', description: 'Multipart only; may be repeated.' })
  upload_file?: unknown;

  @ApiProperty({ required: false, maxLength: 50 })
  upload_file_tag?: string;

  @ApiProperty({ required: false, type: [String], description: 'Download URLs (a list in JSON); `#tag` sets the tag.' })
  input_urls?: string[];
}
