-- AlterTable
ALTER TABLE "case" ADD COLUMN     "current_step_at" TIMESTAMPTZ(6);
