"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Tells the server the browser's UTC offset through the `tz` cookie (minutes east of UTC), and
 * re-renders once when the page was drawn for another offset, so days are the learner's days.
 */
export function TzSync({ rendered }: { rendered: number }) {
  const router = useRouter();
  useEffect(() => {
    const offset = -new Date().getTimezoneOffset();
    const cookie = document.cookie.split("; ").find((c) => c.startsWith("tz="));
    if (cookie !== `tz=${offset}`) document.cookie = `tz=${offset}; path=/; max-age=31536000; samesite=lax`;
    if (offset !== rendered) router.refresh();
  }, [rendered, router]);
  return null;
}
