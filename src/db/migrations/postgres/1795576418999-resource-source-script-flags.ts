import { MigrationInterface, QueryRunner } from 'typeorm';

export class ResourceSourceScriptFlags1795576418999 implements MigrationInterface {
  name = 'ResourceSourceScriptFlags1795576418999';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "codebase_resource" ADD "is_source" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "codebase_resource" ADD "is_script" boolean NOT NULL DEFAULT false`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "codebase_resource" DROP COLUMN "is_script"`);
    await queryRunner.query(`ALTER TABLE "codebase_resource" DROP COLUMN "is_source"`);
  }
}
