-- CreateEnum
CREATE TYPE "role" AS ENUM ('street_clerk', 'street_investigator', 'street_reviewer', 'district_verifier', 'district_official', 'district_section_head', 'district_head', 'district_panel', 'archivist', 'admin');

-- CreateEnum
CREATE TYPE "area" AS ENUM ('urban', 'rural');

-- CreateEnum
CREATE TYPE "relation" AS ENUM ('applicant', 'spouse', 'child', 'parent', 'other');

-- CreateEnum
CREATE TYPE "case_type" AS ENUM ('dibao', 'tekun', 'linshi');

-- CreateEnum
CREATE TYPE "case_status" AS ENUM ('draft', 'applied', 'in_progress', 'granted', 'refused', 'withdrawn', 'cancelled');

-- CreateTable
CREATE TABLE "district" (
    "code" VARCHAR(6) NOT NULL,
    "name" TEXT NOT NULL,
    "short_name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "district_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "street" (
    "code" VARCHAR(9) NOT NULL,
    "district_code" VARCHAR(6) NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "street_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "app_user" (
    "id" UUID NOT NULL,
    "username" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "role" "role" NOT NULL,
    "district_code" VARCHAR(6) NOT NULL,
    "street_code" VARCHAR(9),
    "active" BOOLEAN NOT NULL DEFAULT true,
    "failed_logins" INTEGER NOT NULL DEFAULT 0,
    "locked_until" TIMESTAMPTZ(3),
    "password_changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "app_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "household" (
    "id" UUID NOT NULL,
    "district_code" VARCHAR(6) NOT NULL,
    "street_code" VARCHAR(9) NOT NULL,
    "area" "area" NOT NULL DEFAULT 'urban',
    "address" TEXT NOT NULL,
    "phone" TEXT,
    "bank_name" TEXT,
    "bank_account" TEXT,
    "account_holder" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "household_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "member" (
    "id" UUID NOT NULL,
    "household_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "id_number" VARCHAR(18) NOT NULL,
    "relation" "relation" NOT NULL,
    "disability_grade" SMALLINT,
    "serious_illness" BOOLEAN NOT NULL DEFAULT false,
    "student" BOOLEAN NOT NULL DEFAULT false,
    "preschool" BOOLEAN NOT NULL DEFAULT false,
    "able_bodied_jobless" BOOLEAN NOT NULL DEFAULT false,
    "monthly_income" DECIMAL(12,2) NOT NULL DEFAULT 0,
    "staff_relative" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "case" (
    "id" UUID NOT NULL,
    "case_no" TEXT NOT NULL,
    "type" "case_type" NOT NULL,
    "status" "case_status" NOT NULL DEFAULT 'applied',
    "current_step" TEXT,
    "household_id" UUID NOT NULL,
    "district_code" VARCHAR(6) NOT NULL,
    "street_code" VARCHAR(9) NOT NULL,
    "process_instance_key" TEXT,
    "overdue" BOOLEAN NOT NULL DEFAULT false,
    "amount" DECIMAL(12,2),
    "data" JSONB NOT NULL DEFAULT '{}',
    "applied_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "accepted_at" TIMESTAMPTZ(3),
    "decided_at" TIMESTAMPTZ(3),
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_event" (
    "seq" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" UUID,
    "actor_name" TEXT,
    "actor_role" TEXT,
    "jurisdiction" TEXT,
    "action" TEXT NOT NULL,
    "case_id" UUID,
    "summary" JSONB NOT NULL DEFAULT '{}',
    "prev_hash" VARCHAR(64) NOT NULL,
    "hash" VARCHAR(64) NOT NULL,

    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE INDEX "street_district_code_idx" ON "street"("district_code");

-- CreateIndex
CREATE UNIQUE INDEX "app_user_username_key" ON "app_user"("username");

-- CreateIndex
CREATE INDEX "app_user_district_code_street_code_idx" ON "app_user"("district_code", "street_code");

-- CreateIndex
CREATE INDEX "household_street_code_idx" ON "household"("street_code");

-- CreateIndex
CREATE INDEX "household_district_code_idx" ON "household"("district_code");

-- CreateIndex
CREATE INDEX "member_id_number_idx" ON "member"("id_number");

-- CreateIndex
CREATE UNIQUE INDEX "member_household_id_id_number_key" ON "member"("household_id", "id_number");

-- CreateIndex
CREATE UNIQUE INDEX "case_case_no_key" ON "case"("case_no");

-- CreateIndex
CREATE UNIQUE INDEX "case_process_instance_key_key" ON "case"("process_instance_key");

-- CreateIndex
CREATE INDEX "case_district_code_status_idx" ON "case"("district_code", "status");

-- CreateIndex
CREATE INDEX "case_street_code_status_idx" ON "case"("street_code", "status");

-- CreateIndex
CREATE INDEX "case_household_id_idx" ON "case"("household_id");

-- CreateIndex
CREATE INDEX "case_type_status_idx" ON "case"("type", "status");

-- CreateIndex
CREATE UNIQUE INDEX "audit_event_hash_key" ON "audit_event"("hash");

-- CreateIndex
CREATE INDEX "audit_event_case_id_seq_idx" ON "audit_event"("case_id", "seq");

-- AddForeignKey
ALTER TABLE "street" ADD CONSTRAINT "street_district_code_fkey" FOREIGN KEY ("district_code") REFERENCES "district"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_district_code_fkey" FOREIGN KEY ("district_code") REFERENCES "district"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_street_code_fkey" FOREIGN KEY ("street_code") REFERENCES "street"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "household" ADD CONSTRAINT "household_district_code_fkey" FOREIGN KEY ("district_code") REFERENCES "district"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "household" ADD CONSTRAINT "household_street_code_fkey" FOREIGN KEY ("street_code") REFERENCES "street"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "member" ADD CONSTRAINT "member_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case" ADD CONSTRAINT "case_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case" ADD CONSTRAINT "case_district_code_fkey" FOREIGN KEY ("district_code") REFERENCES "district"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case" ADD CONSTRAINT "case_street_code_fkey" FOREIGN KEY ("street_code") REFERENCES "street"("code") ON DELETE RESTRICT ON UPDATE CASCADE;
