import { DataSource } from 'typeorm';
import { dataSourceOptions, openDatabase } from '../../src/db/data-source';
import { createTestDatabase, describeWithDb, makeTempDir, TEST_DB } from '../support/db';

describeWithDb('migrations', () => {
  it('build exactly the schema the entities describe', async () => {
    const database = await createTestDatabase(makeTempDir());
    const db = await openDatabase(database.config);
    try {
      const pending = await db.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      expect(await db.showMigrations()).toBe(false);
    } finally {
      await db.destroy();
      await database.drop();
    }
  });

  it('run again at startup without changing anything', async () => {
    const database = await createTestDatabase(makeTempDir());
    const first = await openDatabase(database.config);
    await first.destroy();
    const second = new DataSource(dataSourceOptions(database.config));
    await second.initialize();
    try {
      expect(await second.runMigrations()).toEqual([]);
    } finally {
      await second.destroy();
      await database.drop();
    }
  });

  (TEST_DB === 'sqlite' ? it : it.skip)('work the same with the sqlite3 driver', async () => {
    const dir = makeTempDir();
    const db = await openDatabase({ type: 'sqlite', driver: 'sqlite3', path: `${dir}/db.sqlite3` });
    try {
      expect((await db.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
    } finally {
      await db.destroy();
    }
  });
});
