import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrapTestDatabase, scratchDatabase, type TestDatabase } from "@/test/database";

/** Practice disputes: the server re-grades the text and keeps only real overrules. */
let target: TestDatabase;
let mod: typeof import("./disputes");
let prisma: typeof import("./prisma");
let bank: typeof import("./bank");

beforeAll(async () => {
  target = await scratchDatabase("disputes");
  process.env.DATABASE_URL = target.url;
  await bootstrapTestDatabase(target);
  prisma = await import("./prisma");
  mod = await import("./disputes");
  bank = await import("./bank");
});

afterAll(async () => {
  await prisma.disconnectPrisma();
  await target.drop();
});

describe("grade disputes", () => {
  it("a Good or Easy rating of an answer not accepted, or Again of one accepted, overrules the grader", () => {
    expect(mod.overrules("partial", 3)).toBe(true);
    expect(mod.overrules("incorrect", 4)).toBe(true);
    expect(mod.overrules("correct", 1)).toBe(true);
    expect(mod.overrules("correct", 3)).toBe(false);
    expect(mod.overrules("partial", 2)).toBe(false);
  });

  it("keeps an overrule with the grader's own verdict, and ignores a rating that agrees", async () => {
    const db = await prisma.getPrisma();
    const user = await db.user.create({ data: { name: "d" }, select: { id: true } });
    const item = bank.getBank().byId.get("time-wait-why-2msl")!;
    expect(await mod.recordDispute(user.id, item, "zh", "等 2MSL 是为了让最后的 ACK 丢了还能重发。", 4)).toBe(true);
    expect(await mod.recordDispute(user.id, item, "zh", "防止历史连接中的数据被后面相同四元组的连接错误接收；保证被动关闭方能正确关闭", 3)).toBe(false);
    const rows = await db.gradeDispute.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ itemId: "time-wait-why-2msl", lang: "zh", verdict: "partial", chosen: 4, suggested: 2 });
  });
});
