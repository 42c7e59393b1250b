import type { Dictionary } from "@/lib/i18n/dictionaries";
import type { Item } from "@/lib/content/schema";
import { isEngineChecked } from "@/lib/content/schema";

const badge = "inline-block rounded border border-[var(--color-border)] px-1.5 py-0.5 text-xs text-[var(--color-muted)]";

export function ItemBadges({ item, t }: { item: Item; t: Dictionary }) {
  const level = String(item.difficulty) as "1" | "2" | "3";
  const freq = String(item.frequency) as "1" | "2" | "3";
  return (
    <span className="flex flex-wrap gap-1.5">
      <span className={badge}>{t.bank.types[item.type]}</span>
      <span className={badge}>
        {t.bank.difficulty}: {t.bank.levels[level]}
      </span>
      <span className={badge}>
        {t.bank.frequency}: {t.bank.frequencies[freq]}
      </span>
      {isEngineChecked(item) ? <span className={`${badge} border-[var(--color-accent)] text-[var(--color-accent)]`}>⚙ {t.bank.engineChecked}</span> : null}
    </span>
  );
}
