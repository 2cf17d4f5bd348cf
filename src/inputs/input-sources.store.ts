import type { DataSource } from 'typeorm';
import type { InputRecord, InputStore } from '../pipelines/context';
import { InputSource } from './input-source.entity';

/** The input sources of one project, for the download step. */
export class ProjectInputStore implements InputStore {
  constructor(
    private readonly db: DataSource,
    private readonly projectUuid: string,
  ) {}

  async list(): Promise<InputRecord[]> {
    const rows = await this.db.getRepository(InputSource).find({
      where: { project_uuid: this.projectUuid },
      order: { created_date: 'ASC', uuid: 'ASC' },
    });
    return rows.map(({ uuid, download_url, filename, is_uploaded, tag }) => ({ uuid, download_url, filename, is_uploaded, tag }));
  }

  async setFetched(uuid: string, filename: string): Promise<void> {
    await this.db.getRepository(InputSource).update({ uuid, project_uuid: this.projectUuid }, { filename });
  }
}
