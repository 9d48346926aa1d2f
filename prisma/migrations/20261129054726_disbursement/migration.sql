-- CreateEnum
CREATE TYPE "recipient_status" AS ENUM ('active', 'tapering', 'stopped');

-- CreateEnum
CREATE TYPE "recheck_category" AS ENUM ('monthly', 'half_yearly', 'yearly');

-- CreateEnum
CREATE TYPE "care_tier" AS ENUM ('self', 'half', 'full');

-- CreateEnum
CREATE TYPE "run_status" AS ENUM ('pending', 'computing', 'computed', 'awaiting_approval', 'approved', 'paid');

-- CreateEnum
CREATE TYPE "payment_kind" AS ENUM ('regular', 'back_pay', 'taper');

-- CreateEnum
CREATE TYPE "change_kind" AS ENUM ('increase', 'decrease', 'stop', 'taper');

-- CreateEnum
CREATE TYPE "recheck_status" AS ENUM ('open', 'no_change', 'changed', 'not_approved');

-- CreateTable
CREATE TABLE "recipient" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "household_id" UUID NOT NULL,
    "district_code" VARCHAR(6) NOT NULL,
    "street_code" VARCHAR(9) NOT NULL,
    "type" "case_type" NOT NULL,
    "area" "area" NOT NULL,
    "start_month" DATE NOT NULL,
    "status" "recipient_status" NOT NULL DEFAULT 'active',
    "taper_from_month" DATE,
    "end_month" DATE,
    "approved_amount" DECIMAL(12,2) NOT NULL,
    "recheck_category" "recheck_category" NOT NULL,
    "next_recheck_month" DATE NOT NULL,
    "last_recheck_month" DATE,
    "enrolled_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "recipient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "recipient_terms" (
    "recipient_id" UUID NOT NULL,
    "from_month" DATE NOT NULL,
    "household_size" SMALLINT NOT NULL,
    "income_fen" INTEGER NOT NULL,
    "add_on_fen" INTEGER NOT NULL DEFAULT 0,
    "care_tier" "care_tier",
    "adjustment_fen" INTEGER NOT NULL DEFAULT 0,
    "reason" TEXT NOT NULL,
    "change_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "recipient_terms_pkey" PRIMARY KEY ("recipient_id","from_month")
);

-- CreateTable
CREATE TABLE "disbursement_run" (
    "id" UUID NOT NULL,
    "district_code" VARCHAR(6) NOT NULL,
    "month" DATE NOT NULL,
    "status" "run_status" NOT NULL DEFAULT 'pending',
    "trigger" VARCHAR(10) NOT NULL,
    "started_by_id" UUID,
    "process_instance_key" TEXT,
    "total" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "households" INTEGER NOT NULL DEFAULT 0,
    "lines" INTEGER NOT NULL DEFAULT 0,
    "amount" DECIMAL(14,2) NOT NULL DEFAULT 0,
    "back_pay_amount" DECIMAL(14,2) NOT NULL DEFAULT 0,
    "taper_amount" DECIMAL(14,2) NOT NULL DEFAULT 0,
    "missing_accounts" INTEGER NOT NULL DEFAULT 0,
    "bank_file_name" TEXT,
    "bank_file_sha256" VARCHAR(64),
    "bank_file_records" INTEGER,
    "compute_started_at" TIMESTAMPTZ(3),
    "computed_at" TIMESTAMPTZ(3),
    "approved_at" TIMESTAMPTZ(3),
    "approved_by_id" UUID,
    "approval_opinion" TEXT,
    "paid_at" TIMESTAMPTZ(3),
    "reopened" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "disbursement_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "disbursement_run_street" (
    "run_id" UUID NOT NULL,
    "street_code" VARCHAR(9) NOT NULL,
    "recipients" INTEGER NOT NULL DEFAULT 0,
    "households" INTEGER NOT NULL DEFAULT 0,
    "amount" DECIMAL(14,2) NOT NULL DEFAULT 0,
    "missing_accounts" INTEGER NOT NULL DEFAULT 0,
    "computed_at" TIMESTAMPTZ(3),
    "roster_document_id" UUID,

    CONSTRAINT "disbursement_run_street_pkey" PRIMARY KEY ("run_id","street_code")
);

-- CreateTable
CREATE TABLE "payment_line" (
    "id" BIGSERIAL NOT NULL,
    "run_id" UUID NOT NULL,
    "recipient_id" UUID NOT NULL,
    "household_id" UUID NOT NULL,
    "street_code" VARCHAR(9) NOT NULL,
    "for_month" DATE NOT NULL,
    "paid_in_month" DATE NOT NULL,
    "kind" "payment_kind" NOT NULL,
    "amount" DECIMAL(12,2) NOT NULL,
    "standard" DECIMAL(10,2) NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "payment_line_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "amount_change" (
    "id" UUID NOT NULL,
    "recipient_id" UUID NOT NULL,
    "recheck_id" UUID,
    "kind" "change_kind" NOT NULL,
    "from_month" DATE NOT NULL,
    "previous_amount" DECIMAL(12,2) NOT NULL,
    "new_amount" DECIMAL(12,2) NOT NULL,
    "taper_months" SMALLINT,
    "new_terms" JSONB,
    "reasons" TEXT[],
    "hearing" JSONB,
    "decided_by_id" UUID,
    "decided_on" DATE NOT NULL,
    "document_id" UUID,
    "applied_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "amount_change_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "recheck" (
    "id" UUID NOT NULL,
    "recipient_id" UUID NOT NULL,
    "due_month" DATE NOT NULL,
    "category" "recheck_category" NOT NULL,
    "status" "recheck_status" NOT NULL DEFAULT 'open',
    "process_instance_key" TEXT,
    "visit" JSONB,
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "recheck_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "recipient_case_id_key" ON "recipient"("case_id");

-- CreateIndex
CREATE INDEX "recipient_district_code_street_code_idx" ON "recipient"("district_code", "street_code");

-- CreateIndex
CREATE INDEX "recipient_household_id_idx" ON "recipient"("household_id");

-- CreateIndex
CREATE INDEX "recipient_district_code_next_recheck_month_idx" ON "recipient"("district_code", "next_recheck_month");

-- CreateIndex
CREATE UNIQUE INDEX "disbursement_run_process_instance_key_key" ON "disbursement_run"("process_instance_key");

-- CreateIndex
CREATE UNIQUE INDEX "disbursement_run_district_code_month_key" ON "disbursement_run"("district_code", "month");

-- CreateIndex
CREATE INDEX "payment_line_run_id_street_code_idx" ON "payment_line"("run_id", "street_code");

-- CreateIndex
CREATE INDEX "payment_line_recipient_id_for_month_idx" ON "payment_line"("recipient_id", "for_month");

-- CreateIndex
CREATE UNIQUE INDEX "payment_line_household_id_for_month_kind_paid_in_month_key" ON "payment_line"("household_id", "for_month", "kind", "paid_in_month");

-- CreateIndex
CREATE UNIQUE INDEX "amount_change_recheck_id_key" ON "amount_change"("recheck_id");

-- CreateIndex
CREATE INDEX "amount_change_recipient_id_from_month_idx" ON "amount_change"("recipient_id", "from_month");

-- CreateIndex
CREATE UNIQUE INDEX "recheck_process_instance_key_key" ON "recheck"("process_instance_key");

-- CreateIndex
CREATE INDEX "recheck_status_due_month_idx" ON "recheck"("status", "due_month");

-- CreateIndex
CREATE UNIQUE INDEX "recheck_recipient_id_due_month_key" ON "recheck"("recipient_id", "due_month");

-- AddForeignKey
ALTER TABLE "recipient" ADD CONSTRAINT "recipient_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "recipient" ADD CONSTRAINT "recipient_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "recipient_terms" ADD CONSTRAINT "recipient_terms_recipient_id_fkey" FOREIGN KEY ("recipient_id") REFERENCES "recipient"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disbursement_run_street" ADD CONSTRAINT "disbursement_run_street_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "disbursement_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_line" ADD CONSTRAINT "payment_line_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "disbursement_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_line" ADD CONSTRAINT "payment_line_recipient_id_fkey" FOREIGN KEY ("recipient_id") REFERENCES "recipient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "amount_change" ADD CONSTRAINT "amount_change_recipient_id_fkey" FOREIGN KEY ("recipient_id") REFERENCES "recipient"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "recheck" ADD CONSTRAINT "recheck_recipient_id_fkey" FOREIGN KEY ("recipient_id") REFERENCES "recipient"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Payment lines of an approved or paid run are accounting records (DOMAIN.md "Archive"): nothing
-- may change or remove them, whatever the application does. (The body's semicolons are written as
-- \073 in an E'' string: the offline schema engine splits migrations at every literal semicolon.)
CREATE FUNCTION payment_line_is_final() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF EXISTS (SELECT 1 FROM disbursement_run r WHERE r.id = OLD.run_id AND r.status IN (''approved'', ''paid'')) THEN
    RAISE EXCEPTION ''已审批的发放批次的发放记录不能修改或删除（批次 %）'', OLD.run_id\073
  END IF\073
  RETURN CASE WHEN TG_OP = ''DELETE'' THEN OLD ELSE NEW END\073
END';

CREATE TRIGGER payment_line_final BEFORE UPDATE OR DELETE ON "payment_line"
  FOR EACH ROW EXECUTE FUNCTION payment_line_is_final();
