import { expect, test } from "@playwright/test";

test("GET /api/health reports the database and content state", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body.status).toBe("ok");
  // at least the local learner (on the PostgreSQL pass the accounts spec's learners share the database)
  expect(body.database).toMatchObject({ reachable: true });
  expect(body.database.users).toBeGreaterThanOrEqual(1);
  expect(body.database.migrations).toBeGreaterThanOrEqual(1);
  expect(body.content).toEqual({ items: expect.any(Number), retired: expect.any(Number) });
  expect(res.headers()["cache-control"]).toContain("no-store");
});

test("every response carries the security headers", async ({ request }) => {
  const res = await request.get("/");
  const h = res.headers();
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
});
