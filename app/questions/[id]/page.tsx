import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ItemBadges } from "@/components/bank/badges";
import { ItemAnswer } from "@/components/bank/item-answer";
import { topicById } from "@/lib/content/topics";
import { getI18n } from "@/lib/i18n/server";
import { getBank } from "@/lib/server/bank";
import { getCurrentUser } from "@/lib/server/users";

export const runtime = "nodejs";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const { locale, t } = await getI18n();
  const item = getBank().byId.get(id);
  return { title: item ? item.prompt[locale].slice(0, 60) : t.pages.questions.title };
}

const h2 = "mb-2 mt-6 text-lg font-semibold";

export default async function QuestionPage({ params }: Props) {
  await getCurrentUser(); // accounts mode: signed-in learners only (lib/server/users.ts)
  const { id } = await params;
  const { t, locale } = await getI18n();
  const bank = getBank();
  const item = bank.byId.get(id);
  if (!item) notFound();
  const topic = topicById(item.topic);

  return (
    <article>
      <p className="mb-2 text-sm">
        <Link href="/questions">← {t.bank.backToBank}</Link>
        {topic ? (
          <>
            {" · "}
            <Link href={`/questions?topic=${topic.id}`}>{topic.name[locale]}</Link>
          </>
        ) : null}
      </p>
      <h1 className="text-xl font-bold leading-snug md:text-2xl">{item.prompt[locale]}</h1>
      <div className="mt-2">
        <ItemBadges item={item} t={t} />
      </div>
      <p className="mt-2 text-sm">
        <Link href={`/questions/${item.id}/card`} data-testid="card-info-link">
          {t.schedule.card.linkLabel}
        </Link>
      </p>

      {item.answer ? (
        <section aria-labelledby="answer-h">
          <h2 id="answer-h" className={h2}>
            {t.bank.answer}
          </h2>
          <div className="whitespace-pre-line">{item.answer[locale]}</div>
        </section>
      ) : null}

      <ItemAnswer item={item} t={t} locale={locale} />

      <section aria-labelledby="explanation-h">
        <h2 id="explanation-h" className={h2}>
          {t.bank.explanation}
        </h2>
        <div className="whitespace-pre-line">{item.explanation[locale]}</div>
      </section>

      {item.misconception ? (
        <section aria-labelledby="misconception-h" className="mt-6 rounded-md border-l-4 border-[var(--color-warning)] bg-[var(--color-surface)] p-3">
          <h2 id="misconception-h" className="font-semibold">
            {t.bank.misconception}
          </h2>
          <p className="mt-1 whitespace-pre-line">{item.misconception[locale]}</p>
        </section>
      ) : null}

      {item.keyPoints.length > 0 ? (
        <section aria-labelledby="kp-h">
          <h2 id="kp-h" className={h2}>
            {t.bank.keyPoints}
          </h2>
          <ul className="list-disc space-y-1 pl-6">
            {item.keyPoints.map((k) => (
              <li key={k.id}>{k.label[locale]}</li>
            ))}
          </ul>
        </section>
      ) : null}

      {item.followUps.length > 0 ? (
        <section aria-labelledby="fu-h">
          <h2 id="fu-h" className={h2}>
            {t.bank.followUps}
          </h2>
          <ul className="list-disc space-y-1 pl-6">
            {item.followUps.map((f) => {
              const next = bank.byId.get(f);
              return next ? (
                <li key={f}>
                  <Link href={`/questions/${f}`}>{next.prompt[locale]}</Link>
                </li>
              ) : null;
            })}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="ref-h">
        <h2 id="ref-h" className={h2}>
          {t.bank.references}
        </h2>
        <ul className="list-disc space-y-1 pl-6 text-sm">
          {item.references.map((r, i) => {
            const label = [r.source, r.section ? `§${r.section}` : null, r.key ?? null].filter(Boolean).join(" ");
            const href = r.url ?? referenceUrl(r.source, r.section);
            return <li key={i}>{href ? <a href={href} rel="noopener noreferrer">{label}</a> : label}</li>;
          })}
        </ul>
      </section>
    </article>
  );
}

/** Links RFC sections to the RFC Editor's HTML; other sources need an explicit url. */
function referenceUrl(source: string, section?: string): string | undefined {
  const m = /^RFC\s*(\d+)$/i.exec(source.trim());
  if (!m) return undefined;
  return `https://www.rfc-editor.org/rfc/rfc${m[1]}.html${section ? `#section-${section}` : ""}`;
}
