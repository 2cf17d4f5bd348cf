import { MigrationInterface, QueryRunner } from 'typeorm';

export class RunProgress1795567059068 implements MigrationInterface {
  name = 'RunProgress1795567059068';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "run" ADD "progress_processed" integer`);
    await queryRunner.query(`ALTER TABLE "run" ADD "progress_total" integer`);
    await queryRunner.query(`ALTER TABLE "run" ADD "step_timings" text NOT NULL DEFAULT '[]'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "run" DROP COLUMN "step_timings"`);
    await queryRunner.query(`ALTER TABLE "run" DROP COLUMN "progress_total"`);
    await queryRunner.query(`ALTER TABLE "run" DROP COLUMN "progress_processed"`);
  }
}
