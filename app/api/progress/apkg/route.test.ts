import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { beforeEach, describe, expect, it, vi } from "vitest";

const calls: { userId: string; lang: string }[] = [];
vi.mock("@/lib/server/users", () => ({ getApiUser: async () => ({ id: "user-1", name: "L", email: null }) }));
vi.mock("@/lib/server/apkg-export", () => ({
  exportApkg: async (userId: string, lang: string) => {
    calls.push({ userId, lang });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "apkg-route-"));
    const file = path.join(dir, "x.apkg");
    fs.writeFileSync(file, "PK-test");
    return { file, size: 7, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  },
}));

const { GET } = await import("./route");
const get = (query: string) => GET(new NextRequest(`http://localhost/api/progress/apkg${query}`), undefined as never);

describe("GET /api/progress/apkg", () => {
  beforeEach(() => {
    calls.length = 0;
  });

  it.each(["", "?lang=", "?lang=fr", "?lang=EN", "?lang=en&lang=zh", "?lang=en&x=1"])("refuses %j with a 400 in both languages", async (q) => {
    const res = await get(q);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.message).toContain("?lang=en");
    expect(body.error.zh).toContain("?lang=zh");
    expect(calls).toEqual([]);
  });

  it.each(["en", "zh"])("exports the signed-in learner's package in %s as an attachment", async (lang) => {
    const res = await get(`?lang=${lang}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/apkg");
    expect(res.headers.get("content-disposition")).toMatch(new RegExp(`^attachment; filename="tcp-drill-${lang}-\\d{4}-\\d{2}-\\d{2}\\.apkg"$`));
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(Buffer.from(await res.arrayBuffer()).toString()).toBe("PK-test");
    expect(calls).toEqual([{ userId: "user-1", lang }]);
  });
});
