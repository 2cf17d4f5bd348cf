import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../../src/db/data-source';
import { insertRows, updateRows } from '../../src/db/sql';
import { Project } from '../../src/projects/project.entity';
import { CodebaseResource } from '../../src/results/codebase-resource.entity';
import { createTestDatabase, describeWithDb, makeTempDir, type TestDatabase } from '../support/db';

describeWithDb('bulk inserts and updates on the real database', () => {
  let dir: string;
  let database: TestDatabase;
  let db: DataSource;
  let project: string;

  beforeAll(async () => {
    dir = makeTempDir();
    database = await createTestDatabase(dir);
    db = await openDatabase(database.config);
    project = randomUUID();
    await insertRows(db.manager, Project, [
      Object.assign(new Project(), { uuid: project, name: 'bulk', slug: 'bulk', work_directory: dir, created_date: new Date('2026-01-02T03:04:05.678Z') }),
    ]);
  });

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('inserts thousands of rows with JSON, booleans, nulls, dates and column defaults intact', async () => {
    const rows = Array.from({ length: 2500 }, (_, i) =>
      Object.assign(new CodebaseResource(), {
        project_uuid: project,
        path: `dir/file-${String(i).padStart(5, '0')}.c`,
        name: `file-${i}.c`,
        type: 'file',
        size: i % 7 === 0 ? null : i * 1000,
        is_text: i % 2 === 0,
        extra_data: { n: i, quote: "it's \"quoted\"" },
        copyrights: i === 3 ? [{ copyright: 'Copyright (c) 2024 Ünïcode Ltd', start_line: 1, end_line: 1 }] : [],
      }),
    );
    await db.transaction((tx) => insertRows(tx, CodebaseResource, rows));
    const stored = await db.getRepository(CodebaseResource).find({ where: { project_uuid: project }, order: { path: 'ASC' } });
    expect(stored).toHaveLength(2500);
    expect(stored[3]).toMatchObject({
      size: 3000,
      is_text: false,
      status: '',
      license_detections: [],
      extra_data: { n: 3, quote: "it's \"quoted\"" },
      copyrights: [{ copyright: 'Copyright (c) 2024 Ünïcode Ltd', start_line: 1, end_line: 1 }],
      percentage_of_license_text: null,
    });
    expect(stored[7]!.size).toBeNull();
    expect(stored.filter((r) => r.is_text)).toHaveLength(1250);
    const projectRow = await db.getRepository(Project).findOneByOrFail({ uuid: project });
    expect(projectRow.created_date.toISOString()).toBe('2026-01-02T03:04:05.678Z');
  });

  it('updates each row with its own values, only within the scope, leaving other columns alone', async () => {
    const other = randomUUID();
    await insertRows(db.manager, Project, [Object.assign(new Project(), { uuid: other, name: 'other', slug: 'other', work_directory: dir, created_date: new Date() })]);
    await insertRows(db.manager, CodebaseResource, [Object.assign(new CodebaseResource(), { project_uuid: other, path: 'dir/file-00001.c', name: 'x', type: 'file' })]);
    const updates = Array.from({ length: 1200 }, (_, i) => ({
      path: `dir/file-${String(i).padStart(5, '0')}.c`,
      status: 'scanned',
      percentage_of_license_text: i / 10,
      license_detections: [{ license_expression: 'mit', identifier: `mit-${i}`, matches: [] }],
      is_text: true,
    }));
    await db.transaction((tx) => updateRows(tx, CodebaseResource, { project_uuid: project }, 'path', ['status', 'percentage_of_license_text', 'license_detections', 'is_text'], updates));
    const stored = await db.getRepository(CodebaseResource).find({ where: { project_uuid: project }, order: { path: 'ASC' } });
    expect(stored.filter((r) => r.status === 'scanned')).toHaveLength(1200);
    expect(stored[11]).toMatchObject({ percentage_of_license_text: 1.1, is_text: true, size: 11000, license_detections: [{ identifier: 'mit-11' }] });
    expect(stored[1500]).toMatchObject({ status: '', license_detections: [] });
    const untouched = await db.getRepository(CodebaseResource).findOneByOrFail({ project_uuid: other });
    expect(untouched.status).toBe('');
  });

  it('stores text with NUL characters (dropped) and cut between the two halves of an emoji (the lone half replaced)', async () => {
    // What cutting a value to its column length can leave: "🎉" is two UTF-16 code units.
    const cut = 'Party 🎉'.slice(0, 7);
    await insertRows(db.manager, CodebaseResource, [Object.assign(new CodebaseResource(), { project_uuid: project, path: 'emoji/cut.txt', name: cut, type: 'file' })]);
    await db.transaction((tx) =>
      updateRows(tx, CodebaseResource, { project_uuid: project }, 'path', ['file_type', 'mime_type'], [{ path: 'emoji/cut.txt', file_type: `${cut} text`, mime_type: 'text/\0plain' }]),
    );
    const stored = await db.getRepository(CodebaseResource).findOneByOrFail({ project_uuid: project, path: 'emoji/cut.txt' });
    expect(stored.name).toBe('Party \uFFFD');
    expect(stored.file_type).toBe('Party \uFFFD text');
    expect(stored.mime_type).toBe('text/plain');
  });

  it('stores paths and text with tabs, newlines, carriage returns, backslashes and NULs as they are (NULs dropped)', async () => {
    const odd = 'a\tb\nc\rd\\e\\N\0f';
    await db.transaction((tx) =>
      insertRows(tx, CodebaseResource, [
        Object.assign(new CodebaseResource(), {
          project_uuid: project,
          path: `odd/${odd}`,
          name: odd,
          type: 'file',
          file_type: '\\N',
          extra_data: { note: 'tab\there' },
        }),
      ]),
    );
    const stored = await db.getRepository(CodebaseResource).findOneByOrFail({ project_uuid: project, path: 'odd/a\tb\nc\rd\\e\\Nf' });
    expect(stored.name).toBe('a\tb\nc\rd\\e\\Nf');
    expect(stored.file_type).toBe('\\N');
    expect(stored.size).toBeNull();
    expect(stored.extra_data).toEqual({ note: 'tab\there' });
  });
});
