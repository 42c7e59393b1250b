-- AlterTable
ALTER TABLE "UserSettings" ADD COLUMN "dailyMinutes" INTEGER;
ALTER TABLE "UserSettings" ADD COLUMN "interviewDate" DATETIME;

-- CreateTable
CREATE TABLE "FittedParameters" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "weights" TEXT,
    "reviewsUsed" INTEGER NOT NULL,
    "trainItems" INTEGER NOT NULL DEFAULT 0,
    "testItems" INTEGER NOT NULL DEFAULT 0,
    "logLossBefore" REAL,
    "logLossAfter" REAL,
    "rmseBefore" REAL,
    "rmseAfter" REAL,
    "status" TEXT NOT NULL,
    "applied" BOOLEAN NOT NULL DEFAULT false,
    "trigger" TEXT NOT NULL DEFAULT 'manual',
    CONSTRAINT "FittedParameters_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LearnerPlan" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "day" INTEGER NOT NULL,
    "inputKey" TEXT NOT NULL,
    "computedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "computeMs" INTEGER NOT NULL,
    "plan" TEXT NOT NULL,
    CONSTRAINT "LearnerPlan_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "FittedParameters_userId_createdAt_idx" ON "FittedParameters"("userId", "createdAt");

