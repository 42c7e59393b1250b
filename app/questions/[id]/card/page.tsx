import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CardInfoView } from "@/components/schedule/card-info-view";
import { getI18n } from "@/lib/i18n/server";
import { getBank } from "@/lib/server/bank";
import { getCardInfo } from "@/lib/server/evidence";
import { getCurrentUser } from "@/lib/server/users";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const { locale, t } = await getI18n();
  const item = getBank().byId.get(id);
  return { title: item ? `${t.schedule.card.title}: ${item.prompt[locale].slice(0, 50)}` : t.schedule.card.title };
}

/**
 * Card info of one bank item for the signed-in learner (lib/server/users.ts decides who): the
 * route names an item, never a card, and the data layer reads only this learner's card of it, so
 * nobody can open another learner's card. An unknown item is a 404.
 */
export default async function CardInfoPage({ params }: Props) {
  const user = await getCurrentUser();
  const { id } = await params;
  const { t, locale } = await getI18n();
  const item = getBank().byId.get(id);
  if (!item) notFound();
  const info = await getCardInfo(user.id, id, new Date());
  if (!info) notFound();
  return (
    <article>
      <p className="mb-2 text-sm">
        <Link href={`/questions/${id}`}>← {t.schedule.card.back}</Link>
      </p>
      <h1 className="text-xl font-bold leading-snug md:text-2xl">
        {t.schedule.card.title}
        <span className="mt-1 block text-base font-normal">{item.prompt[locale]}</span>
      </h1>
      <div className="mt-4">
        <CardInfoView info={info} locale={locale} t={t} />
      </div>
    </article>
  );
}
