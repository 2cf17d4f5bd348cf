/**
 * What a step receives. Framework-free: the service side fills it with functions over
 * its repositories, so steps stay plain async functions that tests can drive.
 */
export interface ProjectPaths {
  root: string;
  input: string;
  codebase: string;
  output: string;
  tmp: string;
}

export interface StepMessage {
  severity: 'info' | 'warning' | 'error';
  description: string;
  details?: Record<string, unknown>;
  traceback?: string;
}

export interface StepContext {
  readonly projectUuid: string;
  readonly projectName: string;
  readonly runUuid: string;
  readonly pipelineName: string;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly paths: ProjectPaths;
  /** Aborted when the run is stopped; long steps check it between items. */
  readonly signal: AbortSignal;
  /** Append a timestamped line to the run log. */
  log(message: string): Promise<void>;
  /** Report how far the current step is (items processed out of total). */
  progress(processed: number, total: number): Promise<void>;
  /** Record a per-item problem as a project message; the step goes on. */
  addMessage(message: StepMessage & { model?: string }): Promise<void>;
}
