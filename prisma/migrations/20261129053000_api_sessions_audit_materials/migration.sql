-- AlterTable
ALTER TABLE "app_user" ADD COLUMN     "must_change_password" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "case_material" (
    "case_id" UUID NOT NULL,
    "kind" VARCHAR(40) NOT NULL,
    "received" BOOLEAN NOT NULL DEFAULT false,
    "received_at" TIMESTAMPTZ(3),
    "received_by_id" UUID,
    "note" VARCHAR(200),

    CONSTRAINT "case_material_pkey" PRIMARY KEY ("case_id","kind")
);

-- CreateTable
CREATE TABLE "case_number_counter" (
    "type" "case_type" NOT NULL,
    "district_code" VARCHAR(6) NOT NULL,
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "case_number_counter_pkey" PRIMARY KEY ("type","district_code","year")
);

-- CreateTable
CREATE TABLE "session" (
    "id" VARCHAR(64) NOT NULL,
    "user_id" UUID NOT NULL,
    "csrf_token" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "login_throttle" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "locked_until" TIMESTAMPTZ(3),

    CONSTRAINT "login_throttle_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "audit_head" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "last_seq" BIGINT NOT NULL DEFAULT 0,
    "last_hash" VARCHAR(64) NOT NULL,
    "count" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "audit_head_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "session_user_id_idx" ON "session"("user_id");

-- CreateIndex
CREATE INDEX "session_expires_at_idx" ON "session"("expires_at");

-- AddForeignKey
ALTER TABLE "case_material" ADD CONSTRAINT "case_material_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session" ADD CONSTRAINT "session_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- The audit chain starts at the genesis hash (64 zeros), and every append locks this row.
INSERT INTO "audit_head" ("id", "last_seq", "last_hash", "count") VALUES (1, 0, repeat('0', 64), 0);

