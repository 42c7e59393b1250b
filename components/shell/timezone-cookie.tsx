"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Tells the server the learner's UTC offset through the `tz` cookie (minutes east of UTC), for
 * days, streaks and "due tomorrow", and re-renders once when the page was drawn for another offset
 * (the first visit is drawn in UTC). Nothing is re-rendered when the browser refuses the cookie.
 */
export function TimezoneCookie({ rendered }: { rendered: number }) {
  const router = useRouter();
  useEffect(() => {
    const offset = -new Date().getTimezoneOffset();
    const want = `tz=${offset}`;
    if (!document.cookie.split("; ").includes(want)) document.cookie = `${want}; path=/; max-age=31536000; samesite=lax`;
    if (offset !== rendered && document.cookie.split("; ").includes(want)) router.refresh();
  }, [rendered, router]);
  return null;
}
