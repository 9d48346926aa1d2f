-- DropIndex
DROP INDEX "case_district_code_status_idx";

-- DropIndex
DROP INDEX "case_street_code_status_idx";

-- CreateIndex
CREATE INDEX "case_district_code_applied_at_case_no_idx" ON "case"("district_code", "applied_at" DESC, "case_no" DESC);

-- CreateIndex
CREATE INDEX "case_street_code_applied_at_case_no_idx" ON "case"("street_code", "applied_at" DESC, "case_no" DESC);

-- CreateIndex
CREATE INDEX "case_district_code_type_status_idx" ON "case"("district_code", "type", "status");

-- CreateIndex
CREATE INDEX "case_street_code_type_status_idx" ON "case"("street_code", "type", "status");

