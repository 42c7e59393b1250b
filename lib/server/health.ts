import "server-only";
import { getPrisma } from "./prisma";

export type Health =
  | {
      status: "ok";
      database: { reachable: true; migrations: number; users: number };
      content: { items: number; retired: number };
    }
  | { status: "unavailable"; reason: string };

export async function getHealth(): Promise<Health> {
  try {
    const db = await getPrisma();
    const [migrations, users, items, retired] = await Promise.all([
      db.$queryRawUnsafe<{ n: bigint | number }[]>(
        `SELECT count(*) AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      ),
      db.user.count(),
      db.item.count({ where: { retiredAt: null } }),
      db.item.count({ where: { retiredAt: { not: null } } }),
    ]);
    return {
      status: "ok",
      database: { reachable: true, migrations: Number(migrations[0]?.n ?? 0), users },
      content: { items, retired },
    };
  } catch (e) {
    const message = e instanceof Error ? e.message.split("\n")[0] : String(e);
    return { status: "unavailable", reason: `database unreachable: ${message}` };
  }
}
