import Link from "next/link";
import { getI18n } from "@/lib/i18n/server";

export default async function NotFound() {
  const { t } = await getI18n();
  return (
    <div>
      <h1 className="text-2xl font-bold">404</h1>
      <p className="mt-2">{t.errors.notFound}</p>
      <p className="mt-4">
        <Link href="/">{t.errors.backHome}</Link>
      </p>
    </div>
  );
}
