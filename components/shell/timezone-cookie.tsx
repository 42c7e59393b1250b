"use client";

import { useEffect } from "react";

/** Tells the server the learner's UTC offset (for days, streaks and "due tomorrow"). */
export function TimezoneCookie() {
  useEffect(() => {
    const offset = String(-new Date().getTimezoneOffset());
    if (!document.cookie.split("; ").includes(`tz=${offset}`)) {
      document.cookie = `tz=${offset}; path=/; max-age=31536000; samesite=lax`;
    }
  }, []);
  return null;
}
