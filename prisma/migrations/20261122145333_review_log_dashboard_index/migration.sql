-- CreateIndex
CREATE INDEX "ReviewLog_userId_undoneAt_review_durationMs_scheduledDays_rating_idx" ON "ReviewLog"("userId", "undoneAt", "review", "durationMs", "scheduledDays", "rating");

