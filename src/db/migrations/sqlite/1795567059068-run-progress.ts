import { MigrationInterface, QueryRunner } from 'typeorm';

export class RunProgress1795567059068 implements MigrationInterface {
  name = 'RunProgress1795567059068';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_run_project_created"`);
    await queryRunner.query(`DROP INDEX "idx_run_task_id"`);
    await queryRunner.query(`CREATE TABLE "temporary_run" ("uuid" varchar(36) PRIMARY KEY NOT NULL, "project_uuid" varchar(36) NOT NULL, "pipeline_name" varchar(256) NOT NULL, "created_date" varchar(24) NOT NULL, "scancodeio_version" varchar(100) NOT NULL DEFAULT (''), "description" text NOT NULL DEFAULT (''), "current_step" varchar(256) NOT NULL DEFAULT (''), "selected_groups" text, "selected_steps" text, "task_id" varchar(36), "task_start_date" varchar(24), "task_end_date" varchar(24), "task_exitcode" integer, "task_output" text NOT NULL DEFAULT (''), "log" text NOT NULL DEFAULT (''), "progress_processed" integer, "progress_total" integer, "step_timings" text NOT NULL DEFAULT ('[]'), CONSTRAINT "FK_07f8f184877dd8f7738f9b4a8b5" FOREIGN KEY ("project_uuid") REFERENCES "project" ("uuid") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "temporary_run"("uuid", "project_uuid", "pipeline_name", "created_date", "scancodeio_version", "description", "current_step", "selected_groups", "selected_steps", "task_id", "task_start_date", "task_end_date", "task_exitcode", "task_output", "log") SELECT "uuid", "project_uuid", "pipeline_name", "created_date", "scancodeio_version", "description", "current_step", "selected_groups", "selected_steps", "task_id", "task_start_date", "task_end_date", "task_exitcode", "task_output", "log" FROM "run"`);
    await queryRunner.query(`DROP TABLE "run"`);
    await queryRunner.query(`ALTER TABLE "temporary_run" RENAME TO "run"`);
    await queryRunner.query(`CREATE INDEX "idx_run_project_created" ON "run" ("project_uuid", "created_date") `);
    await queryRunner.query(`CREATE INDEX "idx_run_task_id" ON "run" ("task_id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_run_task_id"`);
    await queryRunner.query(`DROP INDEX "idx_run_project_created"`);
    await queryRunner.query(`ALTER TABLE "run" RENAME TO "temporary_run"`);
    await queryRunner.query(`CREATE TABLE "run" ("uuid" varchar(36) PRIMARY KEY NOT NULL, "project_uuid" varchar(36) NOT NULL, "pipeline_name" varchar(256) NOT NULL, "created_date" varchar(24) NOT NULL, "scancodeio_version" varchar(100) NOT NULL DEFAULT (''), "description" text NOT NULL DEFAULT (''), "current_step" varchar(256) NOT NULL DEFAULT (''), "selected_groups" text, "selected_steps" text, "task_id" varchar(36), "task_start_date" varchar(24), "task_end_date" varchar(24), "task_exitcode" integer, "task_output" text NOT NULL DEFAULT (''), "log" text NOT NULL DEFAULT (''), CONSTRAINT "FK_07f8f184877dd8f7738f9b4a8b5" FOREIGN KEY ("project_uuid") REFERENCES "project" ("uuid") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "run"("uuid", "project_uuid", "pipeline_name", "created_date", "scancodeio_version", "description", "current_step", "selected_groups", "selected_steps", "task_id", "task_start_date", "task_end_date", "task_exitcode", "task_output", "log") SELECT "uuid", "project_uuid", "pipeline_name", "created_date", "scancodeio_version", "description", "current_step", "selected_groups", "selected_steps", "task_id", "task_start_date", "task_end_date", "task_exitcode", "task_output", "log" FROM "temporary_run"`);
    await queryRunner.query(`DROP TABLE "temporary_run"`);
    await queryRunner.query(`CREATE INDEX "idx_run_task_id" ON "run" ("task_id") `);
    await queryRunner.query(`CREATE INDEX "idx_run_project_created" ON "run" ("project_uuid", "created_date") `);
  }
}
