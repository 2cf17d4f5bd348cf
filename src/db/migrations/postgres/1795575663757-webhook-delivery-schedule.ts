import { MigrationInterface, QueryRunner } from 'typeorm';

export class WebhookDeliverySchedule1795575663757 implements MigrationInterface {
  name = 'WebhookDeliverySchedule1795575663757';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "webhook_delivery" ADD "scheduled_date" character varying(24)`);
    await queryRunner.query(`CREATE INDEX "idx_webhook_delivery_pending" ON "webhook_delivery" ("sent_date", "scheduled_date") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_webhook_delivery_pending"`);
    await queryRunner.query(`ALTER TABLE "webhook_delivery" DROP COLUMN "scheduled_date"`);
  }
}
