import { PageHeader } from "@/components/shell/page-header";
import { getI18n } from "@/lib/i18n/server";
import { DashboardSkeleton } from "@/components/dashboard/skeleton";

export default async function DashboardLoading() {
  const { t } = await getI18n();
  return (
    <>
      <PageHeader title={t.pages.dashboard.title} intro={t.pages.dashboard.intro} />
      <DashboardSkeleton label={t.dashboard.loading} />
    </>
  );
}
