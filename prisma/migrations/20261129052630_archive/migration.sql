-- CreateEnum
CREATE TYPE "retention_class" AS ENUM ('approval', 'routine');

-- CreateTable
CREATE TABLE "archive_document" (
    "id" UUID NOT NULL,
    "district_code" VARCHAR(6) NOT NULL,
    "chain_seq" INTEGER NOT NULL,
    "street_code" VARCHAR(9),
    "household_id" UUID,
    "case_id" UUID,
    "document_type" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "document_number" TEXT,
    "issuer_code" VARCHAR(9) NOT NULL,
    "issuer_name" TEXT NOT NULL,
    "document_date" DATE NOT NULL,
    "retention_class" "retention_class" NOT NULL,
    "retention_years" SMALLINT NOT NULL,
    "retention_until" DATE,
    "file_sha256" CHAR(64) NOT NULL,
    "file_size" INTEGER NOT NULL,
    "page_count" INTEGER NOT NULL,
    "source_sha256" CHAR(64) NOT NULL,
    "idempotency_key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "prev_hash" CHAR(64) NOT NULL,
    "row_hash" CHAR(64) NOT NULL,

    CONSTRAINT "archive_document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "archive_chain" (
    "district_code" VARCHAR(6) NOT NULL,
    "length" INTEGER NOT NULL,
    "head_hash" CHAR(64) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "archive_chain_pkey" PRIMARY KEY ("district_code")
);

-- CreateTable
CREATE TABLE "document_number_counter" (
    "issuer_code" VARCHAR(9) NOT NULL,
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "document_number_counter_pkey" PRIMARY KEY ("issuer_code","year")
);

-- CreateIndex
CREATE UNIQUE INDEX "archive_document_document_number_key" ON "archive_document"("document_number");

-- CreateIndex
CREATE UNIQUE INDEX "archive_document_idempotency_key_key" ON "archive_document"("idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "archive_document_row_hash_key" ON "archive_document"("row_hash");

-- CreateIndex
CREATE INDEX "archive_document_household_id_document_date_idx" ON "archive_document"("household_id", "document_date");

-- CreateIndex
CREATE INDEX "archive_document_case_id_idx" ON "archive_document"("case_id");

-- CreateIndex
CREATE UNIQUE INDEX "archive_document_district_code_chain_seq_key" ON "archive_document"("district_code", "chain_seq");

-- AddForeignKey
ALTER TABLE "archive_document" ADD CONSTRAINT "archive_document_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "archive_document" ADD CONSTRAINT "archive_document_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Append-only archive: rows can be added, never changed or removed (一户一档). Verification
-- (server/documents/archive/verify.ts) still detects tampering by anyone able to bypass this.
-- Prisma's schema engine splits migrations at every semicolon, even inside quotes, so the body's
-- semicolons are written as \073 in an escaped string.
CREATE FUNCTION "archive_document_append_only"() RETURNS trigger LANGUAGE plpgsql AS
E'BEGIN RAISE EXCEPTION ''档案只能追加，不能修改或删除（archive_document 为只追加表）'' USING ERRCODE = ''insufficient_privilege''\073 END\073';

CREATE TRIGGER "archive_document_no_update_delete"
  BEFORE UPDATE OR DELETE ON "archive_document"
  FOR EACH ROW EXECUTE FUNCTION "archive_document_append_only"();

CREATE TRIGGER "archive_document_no_truncate"
  BEFORE TRUNCATE ON "archive_document"
  FOR EACH STATEMENT EXECUTE FUNCTION "archive_document_append_only"();
