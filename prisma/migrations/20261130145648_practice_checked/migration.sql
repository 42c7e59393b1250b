-- AlterTable
ALTER TABLE "PracticeSession" ADD COLUMN "checked" TEXT;

ALTER TABLE "PracticeSession" ADD COLUMN "mode" TEXT NOT NULL DEFAULT 'review';
