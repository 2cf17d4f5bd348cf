import { MigrationInterface, QueryRunner } from 'typeorm';

export class ResourceSourceScriptFlags1795576418999 implements MigrationInterface {
  name = 'ResourceSourceScriptFlags1795576418999';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "uq_resource_path"`);
    await queryRunner.query(`DROP INDEX "idx_resource_parent_path"`);
    await queryRunner.query(`DROP INDEX "idx_resource_status"`);
    await queryRunner.query(`DROP INDEX "idx_resource_type"`);
    await queryRunner.query(`DROP INDEX "idx_resource_name"`);
    await queryRunner.query(`DROP INDEX "idx_resource_extension"`);
    await queryRunner.query(`DROP INDEX "idx_resource_size"`);
    await queryRunner.query(`DROP INDEX "idx_resource_language"`);
    await queryRunner.query(`DROP INDEX "idx_resource_mime_type"`);
    await queryRunner.query(`DROP INDEX "idx_resource_md5"`);
    await queryRunner.query(`DROP INDEX "idx_resource_sha1"`);
    await queryRunner.query(`DROP INDEX "idx_resource_sha256"`);
    await queryRunner.query(`DROP INDEX "idx_resource_compliance"`);
    await queryRunner.query(`DROP INDEX "idx_resource_tag"`);
    await queryRunner.query(`CREATE TABLE "temporary_codebase_resource" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "project_uuid" varchar(36) NOT NULL, "path" varchar(2000) NOT NULL, "rootfs_path" varchar(2000) NOT NULL DEFAULT (''), "parent_path" varchar(2000) NOT NULL DEFAULT (''), "name" varchar(255) NOT NULL DEFAULT (''), "extension" varchar(100) NOT NULL DEFAULT (''), "type" varchar(10) NOT NULL, "size" bigint, "status" varchar(50) NOT NULL DEFAULT (''), "tag" varchar(50) NOT NULL DEFAULT (''), "programming_language" varchar(50) NOT NULL DEFAULT (''), "mime_type" varchar(100) NOT NULL DEFAULT (''), "file_type" varchar(1024) NOT NULL DEFAULT (''), "is_binary" boolean NOT NULL DEFAULT (0), "is_text" boolean NOT NULL DEFAULT (0), "is_archive" boolean NOT NULL DEFAULT (0), "is_media" boolean NOT NULL DEFAULT (0), "md5" varchar(32) NOT NULL DEFAULT (''), "sha1" varchar(40) NOT NULL DEFAULT (''), "sha256" varchar(64) NOT NULL DEFAULT (''), "sha512" varchar(128) NOT NULL DEFAULT (''), "sha1_git" varchar(40) NOT NULL DEFAULT (''), "detected_license_expression" text NOT NULL DEFAULT (''), "detected_license_expression_spdx" text NOT NULL DEFAULT (''), "license_detections" text NOT NULL DEFAULT ('[]'), "license_clues" text NOT NULL DEFAULT ('[]'), "percentage_of_license_text" float, "copyrights" text NOT NULL DEFAULT ('[]'), "holders" text NOT NULL DEFAULT ('[]'), "authors" text NOT NULL DEFAULT ('[]'), "emails" text NOT NULL DEFAULT ('[]'), "urls" text NOT NULL DEFAULT ('[]'), "package_data" text NOT NULL DEFAULT ('[]'), "is_legal" boolean NOT NULL DEFAULT (0), "is_manifest" boolean NOT NULL DEFAULT (0), "is_readme" boolean NOT NULL DEFAULT (0), "is_top_level" boolean NOT NULL DEFAULT (0), "is_key_file" boolean NOT NULL DEFAULT (0), "compliance_alert" varchar(10) NOT NULL DEFAULT (''), "extra_data" text NOT NULL DEFAULT ('{}'), "is_source" boolean NOT NULL DEFAULT (0), "is_script" boolean NOT NULL DEFAULT (0), CONSTRAINT "FK_29ae5964c5f726cecb429f96856" FOREIGN KEY ("project_uuid") REFERENCES "project" ("uuid") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "temporary_codebase_resource"("id", "project_uuid", "path", "rootfs_path", "parent_path", "name", "extension", "type", "size", "status", "tag", "programming_language", "mime_type", "file_type", "is_binary", "is_text", "is_archive", "is_media", "md5", "sha1", "sha256", "sha512", "sha1_git", "detected_license_expression", "detected_license_expression_spdx", "license_detections", "license_clues", "percentage_of_license_text", "copyrights", "holders", "authors", "emails", "urls", "package_data", "is_legal", "is_manifest", "is_readme", "is_top_level", "is_key_file", "compliance_alert", "extra_data") SELECT "id", "project_uuid", "path", "rootfs_path", "parent_path", "name", "extension", "type", "size", "status", "tag", "programming_language", "mime_type", "file_type", "is_binary", "is_text", "is_archive", "is_media", "md5", "sha1", "sha256", "sha512", "sha1_git", "detected_license_expression", "detected_license_expression_spdx", "license_detections", "license_clues", "percentage_of_license_text", "copyrights", "holders", "authors", "emails", "urls", "package_data", "is_legal", "is_manifest", "is_readme", "is_top_level", "is_key_file", "compliance_alert", "extra_data" FROM "codebase_resource"`);
    await queryRunner.query(`DROP TABLE "codebase_resource"`);
    await queryRunner.query(`ALTER TABLE "temporary_codebase_resource" RENAME TO "codebase_resource"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_resource_path" ON "codebase_resource" ("project_uuid", "path") `);
    await queryRunner.query(`CREATE INDEX "idx_resource_parent_path" ON "codebase_resource" ("project_uuid", "parent_path") `);
    await queryRunner.query(`CREATE INDEX "idx_resource_status" ON "codebase_resource" ("project_uuid", "status") `);
    await queryRunner.query(`CREATE INDEX "idx_resource_type" ON "codebase_resource" ("project_uuid", "type") `);
    await queryRunner.query(`CREATE INDEX "idx_resource_name" ON "codebase_resource" ("project_uuid", "name") `);
    await queryRunner.query(`CREATE INDEX "idx_resource_extension" ON "codebase_resource" ("project_uuid", "extension") `);
    await queryRunner.query(`CREATE INDEX "idx_resource_size" ON "codebase_resource" ("project_uuid", "size") `);
    await queryRunner.query(`CREATE INDEX "idx_resource_language" ON "codebase_resource" ("project_uuid", "programming_language") `);
    await queryRunner.query(`CREATE INDEX "idx_resource_mime_type" ON "codebase_resource" ("project_uuid", "mime_type") `);
    await queryRunner.query(`CREATE INDEX "idx_resource_md5" ON "codebase_resource" ("project_uuid", "md5") `);
    await queryRunner.query(`CREATE INDEX "idx_resource_sha1" ON "codebase_resource" ("project_uuid", "sha1") `);
    await queryRunner.query(`CREATE INDEX "idx_resource_sha256" ON "codebase_resource" ("project_uuid", "sha256") `);
    await queryRunner.query(`CREATE INDEX "idx_resource_compliance" ON "codebase_resource" ("project_uuid", "compliance_alert") `);
    await queryRunner.query(`CREATE INDEX "idx_resource_tag" ON "codebase_resource" ("project_uuid", "tag") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_resource_tag"`);
    await queryRunner.query(`DROP INDEX "idx_resource_compliance"`);
    await queryRunner.query(`DROP INDEX "idx_resource_sha256"`);
    await queryRunner.query(`DROP INDEX "idx_resource_sha1"`);
    await queryRunner.query(`DROP INDEX "idx_resource_md5"`);
    await queryRunner.query(`DROP INDEX "idx_resource_mime_type"`);
    await queryRunner.query(`DROP INDEX "idx_resource_language"`);
    await queryRunner.query(`DROP INDEX "idx_resource_size"`);
    await queryRunner.query(`DROP INDEX "idx_resource_extension"`);
    await queryRunner.query(`DROP INDEX "idx_resource_name"`);
    await queryRunner.query(`DROP INDEX "idx_resource_type"`);
    await queryRunner.query(`DROP INDEX "idx_resource_status"`);
    await queryRunner.query(`DROP INDEX "idx_resource_parent_path"`);
    await queryRunner.query(`DROP INDEX "uq_resource_path"`);
    await queryRunner.query(`ALTER TABLE "codebase_resource" RENAME TO "temporary_codebase_resource"`);
    await queryRunner.query(`CREATE TABLE "codebase_resource" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "project_uuid" varchar(36) NOT NULL, "path" varchar(2000) NOT NULL, "rootfs_path" varchar(2000) NOT NULL DEFAULT (''), "parent_path" varchar(2000) NOT NULL DEFAULT (''), "name" varchar(255) NOT NULL DEFAULT (''), "extension" varchar(100) NOT NULL DEFAULT (''), "type" varchar(10) NOT NULL, "size" bigint, "status" varchar(50) NOT NULL DEFAULT (''), "tag" varchar(50) NOT NULL DEFAULT (''), "programming_language" varchar(50) NOT NULL DEFAULT (''), "mime_type" varchar(100) NOT NULL DEFAULT (''), "file_type" varchar(1024) NOT NULL DEFAULT (''), "is_binary" boolean NOT NULL DEFAULT (0), "is_text" boolean NOT NULL DEFAULT (0), "is_archive" boolean NOT NULL DEFAULT (0), "is_media" boolean NOT NULL DEFAULT (0), "md5" varchar(32) NOT NULL DEFAULT (''), "sha1" varchar(40) NOT NULL DEFAULT (''), "sha256" varchar(64) NOT NULL DEFAULT (''), "sha512" varchar(128) NOT NULL DEFAULT (''), "sha1_git" varchar(40) NOT NULL DEFAULT (''), "detected_license_expression" text NOT NULL DEFAULT (''), "detected_license_expression_spdx" text NOT NULL DEFAULT (''), "license_detections" text NOT NULL DEFAULT ('[]'), "license_clues" text NOT NULL DEFAULT ('[]'), "percentage_of_license_text" float, "copyrights" text NOT NULL DEFAULT ('[]'), "holders" text NOT NULL DEFAULT ('[]'), "authors" text NOT NULL DEFAULT ('[]'), "emails" text NOT NULL DEFAULT ('[]'), "urls" text NOT NULL DEFAULT ('[]'), "package_data" text NOT NULL DEFAULT ('[]'), "is_legal" boolean NOT NULL DEFAULT (0), "is_manifest" boolean NOT NULL DEFAULT (0), "is_readme" boolean NOT NULL DEFAULT (0), "is_top_level" boolean NOT NULL DEFAULT (0), "is_key_file" boolean NOT NULL DEFAULT (0), "compliance_alert" varchar(10) NOT NULL DEFAULT (''), "extra_data" text NOT NULL DEFAULT ('{}'), CONSTRAINT "FK_29ae5964c5f726cecb429f96856" FOREIGN KEY ("project_uuid") REFERENCES "project" ("uuid") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`INSERT INTO "codebase_resource"("id", "project_uuid", "path", "rootfs_path", "parent_path", "name", "extension", "type", "size", "status", "tag", "programming_language", "mime_type", "file_type", "is_binary", "is_text", "is_archive", "is_media", "md5", "sha1", "sha256", "sha512", "sha1_git", "detected_license_expression", "detected_license_expression_spdx", "license_detections", "license_clues", "percentage_of_license_text", "copyrights", "holders", "authors", "emails", "urls", "package_data", "is_legal", "is_manifest", "is_readme", "is_top_level", "is_key_file", "compliance_alert", "extra_data") SELECT "id", "project_uuid", "path", "rootfs_path", "parent_path", "name", "extension", "type", "size", "status", "tag", "programming_language", "mime_type", "file_type", "is_binary", "is_text", "is_archive", "is_media", "md5", "sha1", "sha256", "sha512", "sha1_git", "detected_license_expression", "detected_license_expression_spdx", "license_detections", "license_clues", "percentage_of_license_text", "copyrights", "holders", "authors", "emails", "urls", "package_data", "is_legal", "is_manifest", "is_readme", "is_top_level", "is_key_file", "compliance_alert", "extra_data" FROM "temporary_codebase_resource"`);
    await queryRunner.query(`DROP TABLE "temporary_codebase_resource"`);
    await queryRunner.query(`CREATE INDEX "idx_resource_tag" ON "codebase_resource" ("project_uuid", "tag") `);
    await queryRunner.query(`CREATE INDEX "idx_resource_compliance" ON "codebase_resource" ("project_uuid", "compliance_alert") `);
    await queryRunner.query(`CREATE INDEX "idx_resource_sha256" ON "codebase_resource" ("project_uuid", "sha256") `);
    await queryRunner.query(`CREATE INDEX "idx_resource_sha1" ON "codebase_resource" ("project_uuid", "sha1") `);
    await queryRunner.query(`CREATE INDEX "idx_resource_md5" ON "codebase_resource" ("project_uuid", "md5") `);
    await queryRunner.query(`CREATE INDEX "idx_resource_mime_type" ON "codebase_resource" ("project_uuid", "mime_type") `);
    await queryRunner.query(`CREATE INDEX "idx_resource_language" ON "codebase_resource" ("project_uuid", "programming_language") `);
    await queryRunner.query(`CREATE INDEX "idx_resource_size" ON "codebase_resource" ("project_uuid", "size") `);
    await queryRunner.query(`CREATE INDEX "idx_resource_extension" ON "codebase_resource" ("project_uuid", "extension") `);
    await queryRunner.query(`CREATE INDEX "idx_resource_name" ON "codebase_resource" ("project_uuid", "name") `);
    await queryRunner.query(`CREATE INDEX "idx_resource_type" ON "codebase_resource" ("project_uuid", "type") `);
    await queryRunner.query(`CREATE INDEX "idx_resource_status" ON "codebase_resource" ("project_uuid", "status") `);
    await queryRunner.query(`CREATE INDEX "idx_resource_parent_path" ON "codebase_resource" ("project_uuid", "parent_path") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_resource_path" ON "codebase_resource" ("project_uuid", "path") `);
  }
}
