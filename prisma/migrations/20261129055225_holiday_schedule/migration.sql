-- CreateTable
CREATE TABLE "holiday_schedule_day" (
    "date" VARCHAR(10) NOT NULL,
    "year" INTEGER NOT NULL,
    "working" BOOLEAN NOT NULL,
    "name" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "entered_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "holiday_schedule_day_pkey" PRIMARY KEY ("date")
);

-- CreateIndex
CREATE INDEX "holiday_schedule_day_year_idx" ON "holiday_schedule_day"("year");

