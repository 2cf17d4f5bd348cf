/**
 * Writes one migration per dialect holding the difference between the entities and the
 * schema the existing migrations build. Usage (after `npm run build`):
 *   node dist/scripts/generate-migrations.js AddSomething [postgres://…]
 * PostgreSQL needs a server; the URL defaults to the local one.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/db/data-source';

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
    throw new Error('usage: generate-migrations.js PascalCaseName [postgres-admin-url]');
  }
  const adminUrl = process.argv[3] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const timestamp = Date.now();
  const root = path.resolve(__dirname, '../../src/db/migrations');

  const sqliteFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'scanloom-mig-')), 'db.sqlite3');
  await generate('sqlite', new DataSource(dataSourceOptions({ type: 'sqlite', driver: 'better-sqlite3', path: sqliteFile })));

  const admin = new DataSource({ type: 'postgres', url: adminUrl });
  await admin.initialize();
  const dbName = `scanloom_migrations_${timestamp}`;
  await admin.query(`CREATE DATABASE ${dbName}`);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${dbName}`;
    await generate('postgres', new DataSource(dataSourceOptions({ type: 'postgres', url: url.toString() })));
  } finally {
    await admin.query(`DROP DATABASE ${dbName}`);
    await admin.destroy();
  }

  async function generate(dialect: 'sqlite' | 'postgres', dataSource: DataSource): Promise<void> {
    await dataSource.initialize();
    await dataSource.runMigrations();
    const sql = await dataSource.driver.createSchemaBuilder().log();
    await dataSource.destroy();
    if (sql.upQueries.length === 0) {
      console.log(`${dialect}: schema is up to date`);
      return;
    }
    const className = `${name ?? ''}${timestamp}`;
    const quote = (q: string) => '`' + q.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
    const up = sql.upQueries.map((q) => `    await queryRunner.query(${quote(q.query)});`).join('\n');
    const down = sql.downQueries
      .reverse()
      .map((q) => `    await queryRunner.query(${quote(q.query)});`)
      .join('\n');
    const file = `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${up}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${down}
  }
}
`;
    const fileName = `${timestamp}-${(name ?? '').replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}`;
    fs.writeFileSync(path.join(root, dialect, `${fileName}.ts`), file);
    const indexFile = path.join(root, dialect, 'index.ts');
    const names = fs
      .readdirSync(path.join(root, dialect))
      .filter((f) => /^\d+-.*\.ts$/.test(f))
      .sort();
    const imports = names.map((f) => {
      const cls = /export class (\w+)/.exec(fs.readFileSync(path.join(root, dialect, f), 'utf8'))?.[1];
      return { cls: cls ?? '', mod: `./${f.replace(/\.ts$/, '')}` };
    });
    const constName = dialect === 'sqlite' ? 'SQLITE_MIGRATIONS' : 'POSTGRES_MIGRATIONS';
    fs.writeFileSync(
      indexFile,
      imports.map((i) => `import { ${i.cls} } from '${i.mod}';`).join('\n') +
        `\n\n/** Applied in this order; never edit a migration that has been released. */\nexport const ${constName} = [${imports.map((i) => i.cls).join(', ')}];\n`,
    );
    console.log(`${dialect}: wrote ${fileName}.ts (${sql.upQueries.length} statements)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
