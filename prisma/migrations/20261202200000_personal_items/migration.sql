-- AlterTable
ALTER TABLE "Item" ADD COLUMN "captureId" TEXT;
ALTER TABLE "Item" ADD COLUMN "ownerId" TEXT;
ALTER TABLE "Item" ADD COLUMN "spec" TEXT;

-- CreateTable
CREATE TABLE "Capture" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "trace" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Capture_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Capture_userId_createdAt_idx" ON "Capture"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "Item_ownerId_captureId_idx" ON "Item"("ownerId", "captureId");

