"use client";

import { useEffect } from "react";
import { clearOfflineData } from "./offline-store";

/**
 * On the sign-in and sign-up pages (where sign-out and account deletion land): drops the practice
 * page and the session kept for offline practice, so the next learner on this browser never gets
 * the last one's cards. Ratings not yet sent stay under their learner's id until that learner
 * signs in again.
 */
export function ClearOfflineData() {
  useEffect(() => {
    void clearOfflineData().catch(() => undefined);
  }, []);
  return null;
}
