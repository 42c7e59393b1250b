-- AlterTable
ALTER TABLE "UserSettings" ADD COLUMN     "dailyMinutes" INTEGER,
ADD COLUMN     "interviewDate" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "FittedParameters" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "weights" TEXT,
    "reviewsUsed" INTEGER NOT NULL,
    "trainItems" INTEGER NOT NULL DEFAULT 0,
    "testItems" INTEGER NOT NULL DEFAULT 0,
    "logLossBefore" DOUBLE PRECISION,
    "logLossAfter" DOUBLE PRECISION,
    "rmseBefore" DOUBLE PRECISION,
    "rmseAfter" DOUBLE PRECISION,
    "status" TEXT NOT NULL,
    "applied" BOOLEAN NOT NULL DEFAULT false,
    "trigger" TEXT NOT NULL DEFAULT 'manual',

    CONSTRAINT "FittedParameters_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LearnerPlan" (
    "userId" TEXT NOT NULL,
    "day" INTEGER NOT NULL,
    "inputKey" TEXT NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "computeMs" INTEGER NOT NULL,
    "plan" TEXT NOT NULL,

    CONSTRAINT "LearnerPlan_pkey" PRIMARY KEY ("userId")
);

-- CreateIndex
CREATE INDEX "FittedParameters_userId_createdAt_idx" ON "FittedParameters"("userId", "createdAt");

-- AddForeignKey
ALTER TABLE "FittedParameters" ADD CONSTRAINT "FittedParameters_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LearnerPlan" ADD CONSTRAINT "LearnerPlan_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

