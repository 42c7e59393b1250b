-- AlterTable
ALTER TABLE "PracticeSession" ADD COLUMN "checked" TEXT;

