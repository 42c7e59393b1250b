import Link from "next/link";
import type { Dictionary } from "@/lib/i18n/dictionaries";

/** The lab's tools as links (and the learner's drilled captures, given `mine`); the current one is marked for screen readers and CSS. */
export function LabTabs({ t, current, mine }: { t: Dictionary["lab"]; current: "explainer" | "player" | "captures"; mine?: string }) {
  const items = [
    { key: "explainer", href: "/lab", label: t.tabs.explainer },
    { key: "player", href: "/lab/player", label: t.tabs.player },
    ...(mine ? [{ key: "captures", href: "/lab/captures", label: mine }] : []),
  ] as const;
  return (
    <nav aria-label={t.tabs.label} className="mb-6 border-b border-[var(--color-border)]">
      <ul className="flex gap-1">
        {items.map((item) => {
          const on = item.key === current;
          return (
            <li key={item.key}>
              <Link
                href={item.href}
                aria-current={on ? "page" : undefined}
                className={`-mb-px block rounded-t-md border border-b-0 px-3 py-2 text-sm font-semibold no-underline ${
                  on
                    ? "border-[var(--color-border)] bg-[var(--color-bg)] text-[var(--color-fg)]"
                    : "border-transparent text-[var(--color-accent)] hover:bg-[var(--color-surface)]"
                }`}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
