import { MigrationInterface, QueryRunner } from 'typeorm';

export class WebhookDeliverySchedule1795575663757 implements MigrationInterface {
  name = 'WebhookDeliverySchedule1795575663757';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_webhook_delivery_project"`);
    await queryRunner.query(`DROP INDEX "idx_webhook_delivery_subscription"`);
    await queryRunner.query(`DROP INDEX "idx_webhook_delivery_run"`);
    await queryRunner.query(`CREATE TABLE "temporary_webhook_delivery" ("uuid" varchar(36) PRIMARY KEY NOT NULL, "project_uuid" varchar(36) NOT NULL, "webhook_subscription_uuid" varchar(36), "run_uuid" varchar(36), "target_url" varchar(1024) NOT NULL, "created_date" varchar(24) NOT NULL, "sent_date" varchar(24), "attempt" integer NOT NULL DEFAULT (1), "payload" text NOT NULL DEFAULT ('{}'), "response_status_code" integer, "response_text" text NOT NULL DEFAULT (''), "delivery_error" text NOT NULL DEFAULT (''), "scheduled_date" varchar(24), CONSTRAINT "FK_547471d3bcccff7ee3363966149" FOREIGN KEY ("run_uuid") REFERENCES "run" ("uuid") ON DELETE SET NULL ON UPDATE NO ACTION, CONSTRAINT "FK_6bf559e6c01043a96f674ed63f0" FOREIGN KEY ("webhook_subscription_uuid") REFERENCES "webhook_subscription" ("uuid") ON DELETE SET NULL ON UPDATE NO ACTION, CONSTRAINT "FK_9e0fe470acc05a9adc37e5a244c" FOREIGN KEY ("project_uuid") REFERENCES "project" ("uuid") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "temporary_webhook_delivery"("uuid", "project_uuid", "webhook_subscription_uuid", "run_uuid", "target_url", "created_date", "sent_date", "attempt", "payload", "response_status_code", "response_text", "delivery_error") SELECT "uuid", "project_uuid", "webhook_subscription_uuid", "run_uuid", "target_url", "created_date", "sent_date", "attempt", "payload", "response_status_code", "response_text", "delivery_error" FROM "webhook_delivery"`);
    await queryRunner.query(`DROP TABLE "webhook_delivery"`);
    await queryRunner.query(`ALTER TABLE "temporary_webhook_delivery" RENAME TO "webhook_delivery"`);
    await queryRunner.query(`CREATE INDEX "idx_webhook_delivery_project" ON "webhook_delivery" ("project_uuid", "created_date") `);
    await queryRunner.query(`CREATE INDEX "idx_webhook_delivery_subscription" ON "webhook_delivery" ("webhook_subscription_uuid") `);
    await queryRunner.query(`CREATE INDEX "idx_webhook_delivery_run" ON "webhook_delivery" ("run_uuid") `);
    await queryRunner.query(`CREATE INDEX "idx_webhook_delivery_pending" ON "webhook_delivery" ("sent_date", "scheduled_date") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_webhook_delivery_pending"`);
    await queryRunner.query(`DROP INDEX "idx_webhook_delivery_run"`);
    await queryRunner.query(`DROP INDEX "idx_webhook_delivery_subscription"`);
    await queryRunner.query(`DROP INDEX "idx_webhook_delivery_project"`);
    await queryRunner.query(`ALTER TABLE "webhook_delivery" RENAME TO "temporary_webhook_delivery"`);
    await queryRunner.query(`CREATE TABLE "webhook_delivery" ("uuid" varchar(36) PRIMARY KEY NOT NULL, "project_uuid" varchar(36) NOT NULL, "webhook_subscription_uuid" varchar(36), "run_uuid" varchar(36), "target_url" varchar(1024) NOT NULL, "created_date" varchar(24) NOT NULL, "sent_date" varchar(24), "attempt" integer NOT NULL DEFAULT (1), "payload" text NOT NULL DEFAULT ('{}'), "response_status_code" integer, "response_text" text NOT NULL DEFAULT (''), "delivery_error" text NOT NULL DEFAULT (''), CONSTRAINT "FK_547471d3bcccff7ee3363966149" FOREIGN KEY ("run_uuid") REFERENCES "run" ("uuid") ON DELETE SET NULL ON UPDATE NO ACTION, CONSTRAINT "FK_6bf559e6c01043a96f674ed63f0" FOREIGN KEY ("webhook_subscription_uuid") REFERENCES "webhook_subscription" ("uuid") ON DELETE SET NULL ON UPDATE NO ACTION, CONSTRAINT "FK_9e0fe470acc05a9adc37e5a244c" FOREIGN KEY ("project_uuid") REFERENCES "project" ("uuid") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "webhook_delivery"("uuid", "project_uuid", "webhook_subscription_uuid", "run_uuid", "target_url", "created_date", "sent_date", "attempt", "payload", "response_status_code", "response_text", "delivery_error") SELECT "uuid", "project_uuid", "webhook_subscription_uuid", "run_uuid", "target_url", "created_date", "sent_date", "attempt", "payload", "response_status_code", "response_text", "delivery_error" FROM "temporary_webhook_delivery"`);
    await queryRunner.query(`DROP TABLE "temporary_webhook_delivery"`);
    await queryRunner.query(`CREATE INDEX "idx_webhook_delivery_run" ON "webhook_delivery" ("run_uuid") `);
    await queryRunner.query(`CREATE INDEX "idx_webhook_delivery_subscription" ON "webhook_delivery" ("webhook_subscription_uuid") `);
    await queryRunner.query(`CREATE INDEX "idx_webhook_delivery_project" ON "webhook_delivery" ("project_uuid", "created_date") `);
  }
}
