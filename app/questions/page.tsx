import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { ItemBadges } from "@/components/bank/badges";
import { FocusStart, SELECTION_FORM, SelectionBar } from "@/components/practice/focus-start";
import { focusStrings } from "@/lib/i18n/features/focus";
import { PageHeader } from "@/components/shell/page-header";
import { ITEM_TYPES } from "@/lib/content/schema";
import { searchBank } from "@/lib/content/search";
import { TOPIC_IDS } from "@/lib/content/topics";
import { format } from "@/lib/i18n/dictionaries";
import { getI18n } from "@/lib/i18n/server";
import { getBank } from "@/lib/server/bank";
import { getCurrentUser } from "@/lib/server/users";

export const runtime = "nodejs";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.pages.questions.title };
}

// Query parameters are user input: anything unknown or malformed is ignored, never an error page.
const level = z.coerce.number().int().min(1).max(3).optional().catch(undefined);
const Filter = z.object({
  q: z.string().max(200).optional().catch(undefined),
  topic: z.enum(TOPIC_IDS).optional().catch(undefined),
  type: z.enum(ITEM_TYPES).optional().catch(undefined),
  difficulty: level,
  frequency: level,
});

export default async function QuestionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await getCurrentUser(); // accounts mode: signed-in learners only (lib/server/users.ts)
  const { t, locale } = await getI18n();
  const raw = await searchParams;
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;
  const filter = Filter.parse({
    q: first(raw.q),
    topic: first(raw.topic),
    type: first(raw.type),
    difficulty: first(raw.difficulty),
    frequency: first(raw.frequency),
  });
  const bank = getBank();
  const fs = focusStrings(locale);
  const results = searchBank(bank.items, filter);
  const filtered = Object.values(filter).some((v) => v !== undefined);
  const field = "mt-1 w-full rounded-md border border-[var(--color-border)] bg-[var(--color-bg)] px-2 py-1.5 text-sm";

  return (
    <>
      <PageHeader title={t.pages.questions.title} intro={t.pages.questions.intro} />
      <form method="get" role="search" className="mb-6 grid grid-cols-2 gap-3 rounded-lg bg-[var(--color-surface)] p-4 md:grid-cols-6">
        <label className="col-span-2 text-sm font-medium">
          {t.bank.searchLabel}
          <input type="search" name="q" defaultValue={filter.q ?? ""} placeholder={t.bank.searchPlaceholder} className={field} maxLength={200} />
        </label>
        <label className="col-span-2 text-sm font-medium md:col-span-1">
          {t.bank.topic}
          <select name="topic" defaultValue={filter.topic ?? ""} className={field}>
            <option value="">{t.bank.any}</option>
            {bank.topics.map((topic) => (
              <option key={topic.id} value={topic.id}>
                {topic.name[locale]}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm font-medium">
          {t.bank.type}
          <select name="type" defaultValue={filter.type ?? ""} className={field}>
            <option value="">{t.bank.any}</option>
            {ITEM_TYPES.map((type) => (
              <option key={type} value={type}>
                {t.bank.types[type]}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm font-medium">
          {t.bank.difficulty}
          <select name="difficulty" defaultValue={filter.difficulty ?? ""} className={field}>
            <option value="">{t.bank.any}</option>
            {(["1", "2", "3"] as const).map((l) => (
              <option key={l} value={l}>
                {t.bank.levels[l]}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm font-medium">
          {t.bank.frequency}
          <select name="frequency" defaultValue={filter.frequency ?? ""} className={field}>
            <option value="">{t.bank.any}</option>
            {(["1", "2", "3"] as const).map((l) => (
              <option key={l} value={l}>
                {t.bank.frequencies[l]}
              </option>
            ))}
          </select>
        </label>
        <div className="col-span-2 flex items-center gap-3 md:col-span-6">
          <button type="submit" className="rounded-md bg-[var(--color-accent)] px-3 py-1.5 text-sm font-medium text-[var(--color-accent-fg)]">
            {t.bank.apply}
          </button>
          {filtered ? (
            <Link href="/questions" className="text-sm">
              {t.bank.reset}
            </Link>
          ) : null}
        </div>
      </form>

      <p className="mb-3 text-sm text-[var(--color-muted)]" role="status">
        {format(t.bank.results, { count: results.length })}
      </p>
      {results.length === 0 ? (
        <p>{t.bank.noResults}</p>
      ) : (
        <>
          <SelectionBar s={fs} lang={locale} />
          {filter.topic ? (
            <div className="mb-3">
              <FocusStart topic={filter.topic} s={fs} lang={locale} testId="topic-focus" />
            </div>
          ) : null}
          <ul className="divide-y divide-[var(--color-border)] rounded-lg border border-[var(--color-border)]" data-testid="bank-results">
            {results.map((item) => (
              <li key={item.id} className="flex items-start gap-3 p-3">
                <input
                  type="checkbox"
                  name="id"
                  value={item.id}
                  form={SELECTION_FORM}
                  aria-label={format(fs.selectLabel, { prompt: item.prompt[locale] })}
                  className="mt-1 h-5 w-5 shrink-0"
                />
                <div className="min-w-0">
                  <Link href={`/questions/${item.id}`} className="font-medium">
                    {item.prompt[locale]}
                  </Link>
                  <div className="mt-1.5 flex flex-wrap items-center gap-2 text-xs text-[var(--color-muted)]">
                    <span>{bank.topics.find((tp) => tp.id === item.topic)?.name[locale]}</span>
                    <ItemBadges item={item} t={t} />
                    <Link href={`/questions/${item.id}/card`} aria-label={format(t.schedule.card.linkLabelOf, { prompt: item.prompt[locale] })}>
                      {t.schedule.card.linkLabel}
                    </Link>
                  </div>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
