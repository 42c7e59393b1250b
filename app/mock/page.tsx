import type { Metadata } from "next";
import { NotBuilt } from "@/components/shell/not-built";
import { PageHeader } from "@/components/shell/page-header";
import { getI18n } from "@/lib/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.pages.mock.title };
}

export default async function MockPage() {
  const { t } = await getI18n();
  return (
    <>
      <PageHeader title={t.pages.mock.title} intro={t.pages.mock.intro} />
      <NotBuilt t={t} />
    </>
  );
}
