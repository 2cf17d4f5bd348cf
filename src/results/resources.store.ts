import { DataSource, In } from 'typeorm';
import { insertRows, updateRows } from '../db/sql';
import type { FileScanResult, Flaggable, ResourceRecord, ResourceStore, StatusChange } from '../pipelines/context';
import { CodebaseResource } from './codebase-resource.entity';

const EMPTY_FILE_STATUS = 'ignored-empty-file';
const SCANNED = 'scanned';
const SCANNED_WITH_ERROR = 'scanned-with-error';
const SCAN_FIELDS = [
  'status', 'detected_license_expression', 'detected_license_expression_spdx', 'license_detections', 'license_clues',
  'percentage_of_license_text', 'copyrights', 'holders', 'authors', 'emails', 'urls',
] as const;

/** The resources of one project, for pipeline steps: bulk inserts, keyset batches, bulk updates. */
export class ProjectResourceStore implements ResourceStore {
  constructor(
    private readonly db: DataSource,
    private readonly projectUuid: string,
  ) {}

  async insertBatch(records: readonly ResourceRecord[]): Promise<void> {
    const rows = records.map((r) =>
      Object.assign(new CodebaseResource(), {
        project_uuid: this.projectUuid,
        path: r.path,
        parent_path: r.parent_path,
        name: r.name.slice(0, 255),
        extension: r.extension.slice(0, 100),
        type: r.type,
        size: r.size,
        status: r.status,
        md5: r.md5 ?? '',
        sha1: r.sha1 ?? '',
        sha256: r.sha256 ?? '',
        sha512: r.sha512 ?? '',
        sha1_git: r.sha1_git ?? '',
        mime_type: (r.mime_type ?? '').slice(0, 100),
        file_type: (r.file_type ?? '').slice(0, 1024),
        programming_language: (r.programming_language ?? '').slice(0, 50),
        is_binary: r.is_binary,
        is_text: r.is_text,
        is_archive: r.is_archive,
        is_media: r.is_media,
        is_source: r.is_source,
        is_script: r.is_script,
        is_legal: r.is_legal,
        is_manifest: r.is_manifest,
        is_readme: r.is_readme,
        is_top_level: r.is_top_level,
        is_key_file: r.is_key_file,
        extra_data: r.error ? { read_error: r.error } : {},
      }),
    );
    await this.db.transaction((tx) => insertRows(tx, CodebaseResource, rows, 500));
  }

  async flagEmptyFiles(): Promise<number> {
    const result = await this.db
      .createQueryBuilder()
      .update(CodebaseResource)
      .set({ status: EMPTY_FILE_STATUS })
      .where("project_uuid = :project AND type = 'file' AND (size IS NULL OR size = 0) AND status IN ('', 'not-analyzed')", {
        project: this.projectUuid,
      })
      .execute();
    return result.affected ?? 0;
  }

  async *batches(size = 5000): AsyncIterable<Flaggable[]> {
    let after = '';
    for (;;) {
      const rows = await this.db
        .getRepository(CodebaseResource)
        .createQueryBuilder('r')
        .select(['r.path', 'r.type', 'r.size', 'r.status'])
        .where('r.project_uuid = :project AND r.path > :after', { project: this.projectUuid, after })
        .orderBy('r.path', 'ASC')
        .limit(size)
        .getMany();
      if (rows.length === 0) {
        return;
      }
      yield rows.map((r) => ({ path: r.path, type: r.type, size: r.size, status: r.status }));
      after = rows.at(-1)!.path;
    }
  }

  async setStatuses(changes: readonly StatusChange[]): Promise<number> {
    const byStatus = new Map<string, string[]>();
    for (const change of changes) {
      byStatus.set(change.status, [...(byStatus.get(change.status) ?? []), change.path]);
    }
    let changed = 0;
    await this.db.transaction(async (tx) => {
      for (const [status, paths] of byStatus) {
        for (let i = 0; i < paths.length; i += 500) {
          const result = await tx
            .getRepository(CodebaseResource)
            .update({ project_uuid: this.projectUuid, path: In(paths.slice(i, i + 500)) }, { status });
          changed += result.affected ?? 0;
        }
      }
    });
    return changed;
  }

  async *unscannedFiles(size = 500): AsyncIterable<{ path: string }[]> {
    let after = '';
    for (;;) {
      const rows = await this.db
        .getRepository(CodebaseResource)
        .createQueryBuilder('r')
        .select(['r.path'])
        .where("r.project_uuid = :project AND r.type = 'file' AND r.status = '' AND r.path > :after", { project: this.projectUuid, after })
        .orderBy('r.path', 'ASC')
        .limit(size)
        .getMany();
      if (rows.length === 0) {
        return;
      }
      yield rows.map((r) => ({ path: r.path }));
      after = rows.at(-1)!.path;
    }
  }

  async countUnscannedFiles(): Promise<number> {
    return this.db.getRepository(CodebaseResource).countBy({ project_uuid: this.projectUuid, type: 'file', status: '' });
  }

  async saveScans(results: readonly FileScanResult[]): Promise<void> {
    const rows = results.map((result): Partial<CodebaseResource> =>
      'scan' in result
        ? {
            path: result.path,
            status: SCANNED,
            detected_license_expression: result.scan.detected_license_expression ?? '',
            detected_license_expression_spdx: result.scan.detected_license_expression_spdx ?? '',
            license_detections: result.scan.license_detections,
            license_clues: result.scan.license_clues,
            percentage_of_license_text: result.scan.percentage_of_license_text ?? null,
            copyrights: result.scan.copyrights,
            holders: result.scan.holders,
            authors: result.scan.authors,
            emails: result.scan.emails,
            urls: result.scan.urls,
          }
        : { path: result.path, status: SCANNED_WITH_ERROR },
    );
    const scope = { project_uuid: this.projectUuid };
    await this.db.transaction(async (tx) => {
      await updateRows(tx, CodebaseResource, scope, 'path', SCAN_FIELDS, rows.filter((r) => r.status === SCANNED));
      await updateRows(tx, CodebaseResource, scope, 'path', ['status'], rows.filter((r) => r.status === SCANNED_WITH_ERROR));
    });
  }

  async count(): Promise<number> {
    return this.db.getRepository(CodebaseResource).countBy({ project_uuid: this.projectUuid });
  }
}
