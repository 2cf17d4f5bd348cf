import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { insertRows } from '../db/sql';
import { ProjectMessage, type Severity } from './project-message.entity';

export interface NewMessage {
  severity: Severity;
  description: string;
  model: string;
  details?: Record<string, unknown>;
  traceback?: string;
}

export class MessagesRepository {
  constructor(private readonly db: DataSource) {}

  async add(projectUuid: string, message: NewMessage): Promise<void> {
    await insertRows(this.db.manager, ProjectMessage, [
      Object.assign(new ProjectMessage(), {
        uuid: randomUUID(),
        project_uuid: projectUuid,
        severity: message.severity,
        description: message.description,
        model: message.model.slice(0, 100),
        details: message.details ?? {},
        traceback: message.traceback ?? '',
        created_date: new Date(),
      }),
    ]);
  }
}
