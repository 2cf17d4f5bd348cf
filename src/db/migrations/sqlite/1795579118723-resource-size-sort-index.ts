import { MigrationInterface, QueryRunner } from 'typeorm';

/** An index for the resources list sorted by size (the sort uses COALESCE(size, -1)). */
export class ResourceSizeSortIndex1795579118723 implements MigrationInterface {
  name = 'ResourceSizeSortIndex1795579118723';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "idx_resource_size_sort" ON "codebase_resource" ("project_uuid", COALESCE("size", -1))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_resource_size_sort"`);
  }
}
