"use client";

import { useEffect, useRef } from "react";

/**
 * After the language or the theme changes, focus leaves the switch that changed it and goes to
 * the page's main region: left on the button, the page's own keys (Space checks a practice
 * card) would press it again and flip the choice back.
 */
export function PreferenceFocus({ stamp, groupId }: { stamp: string; groupId: string }) {
  const last = useRef(stamp);
  useEffect(() => {
    if (last.current === stamp) return;
    last.current = stamp;
    const group = document.getElementById(groupId);
    const active = document.activeElement;
    if (group && active && group.contains(active)) document.getElementById("main")?.focus({ preventScroll: true });
  }, [stamp, groupId]);
  return null;
}
