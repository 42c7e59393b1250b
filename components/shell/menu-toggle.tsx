"use client";

import { useEffect, useState } from "react";
import { usePathname } from "next/navigation";

/**
 * On a phone the section links fold behind a Menu button, so the header is one row (the links
 * stay inline from the md breakpoint up). Without JavaScript the links are shown (see the
 * <noscript> style in the header). The menu closes on navigation.
 */
export function MenuToggle({ label, controls }: { label: string; controls: string }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  useEffect(() => setOpen(false), [pathname]);
  useEffect(() => {
    document.getElementById(controls)?.setAttribute("data-open", String(open));
  }, [open, controls]);
  return (
    <button
      type="button"
      aria-expanded={open}
      aria-controls={controls}
      onClick={() => setOpen((o) => !o)}
      className="min-h-10 rounded-md border border-[var(--color-border)] px-3 py-1.5 text-sm md:hidden"
    >
      <span aria-hidden="true">☰ </span>
      {label}
    </button>
  );
}
