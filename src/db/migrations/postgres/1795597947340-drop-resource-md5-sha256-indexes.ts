import { MigrationInterface, QueryRunner } from 'typeorm';

export class DropResourceMd5Sha256Indexes1795597947340 implements MigrationInterface {
  name = 'DropResourceMd5Sha256Indexes1795597947340';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_resource_sha256"`);
    await queryRunner.query(`DROP INDEX "public"."idx_resource_md5"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "idx_resource_md5" ON "codebase_resource" ("project_uuid", "md5") `);
    await queryRunner.query(`CREATE INDEX "idx_resource_sha256" ON "codebase_resource" ("project_uuid", "sha256") `);
  }
}
