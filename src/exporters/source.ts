import type { Writable } from 'node:stream';
import type { ProjectRecord } from '../projects/projects.repository';
import type { DiscoveredLicense } from '../results/discovered-license.entity';
import type { DiscoveredPackage } from '../results/discovered-package.entity';
import type { DependencyEdge, RelationRow, ResourceBatch } from '../results/export-rows.repository';
import type { DependencyRow } from '../results/packages.views';
import type { ProjectMessage } from '../results/project-message.entity';

/**
 * What every exporter reads a project from. Tables come in batches, in ScanCode.io's
 * output order, so an export of a large project keeps a flat memory profile.
 */
export interface ExportSource {
  record: ProjectRecord;
  /** Scanloom's version, shown as the tool version. */
  version: string;
  /** When false, `compliance_alert` columns are left out as ScanCode.io does without policies. */
  policiesEnabled: boolean;
  messages(): Promise<ProjectMessage[]>;
  /** Packages in purl order; fields in `omit` are left unread (undefined). */
  packageBatches(omit?: readonly string[]): AsyncIterable<DiscoveredPackage[]>;
  dependencyBatches(): AsyncIterable<DependencyRow[]>;
  /** Files and directories (no symlinks) in path order, with their packages' uids; fields in `omit` are left unread. */
  resourceBatches(omit?: readonly string[]): AsyncIterable<ResourceBatch>;
  relationBatches(): AsyncIterable<RelationRow[]>;
  /** Files whose status is `requires-review`. */
  todoBatches(omit?: readonly string[]): AsyncIterable<ResourceBatch>;
  dependencyEdges(): Promise<DependencyEdge[]>;
  /** Unique license detections (DiscoveredLicense) by identifier; fields in `omit` are left unread. */
  licenseBatches(omit?: readonly string[]): AsyncIterable<DiscoveredLicense[]>;
}

/** All rows of a batched table in one array (SBOMs are built whole in memory). */
export async function collect<T>(batches: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const batch of batches) {
    all.push(...batch);
  }
  return all;
}

/**
 * Wait until `out` takes more data. A reader that went away (the HTTP client disconnected)
 * ends the export with an error instead of leaving it waiting for a drain that never comes.
 */
export async function drained(out: Writable): Promise<void> {
  if (out.writableNeedDrain && !out.destroyed) {
    await new Promise<void>((resolve) => {
      const done = () => {
        out.off('drain', done);
        out.off('close', done);
        resolve();
      };
      out.on('drain', done);
      out.on('close', done);
    });
  }
  if (out.destroyed) {
    throw new Error('the output stream was closed before the export ended');
  }
}
