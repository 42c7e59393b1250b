import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { explainBytes } from "@/lib/lab/worker/explain";
import { labTrace } from "@/scripts/bench/lab";
import { LabPool } from "./lab-pool";

const root = path.resolve(import.meta.dirname, "../..");
const dist = fs.mkdtempSync(path.join(os.tmpdir(), "lab-worker-"));
const file = path.join(dist, "lab-worker.mjs");
const sample = new Uint8Array(fs.readFileSync(path.join(root, "lib/tcp/captures/simultaneous-close.txt")));
const pools: LabPool[] = [];

beforeAll(() => {
  execFileSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/build-lab-worker.ts"], { cwd: root, env: { ...process.env, NEXT_DIST_DIR: dist } });
}, 60_000);
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
  fs.rmSync(dist, { recursive: true, force: true });
});

describe("the lab's worker pool (issue 16)", () => {
  it("answers in a worker exactly what the explainer gives in process", async () => {
    const pool = new LabPool(file, [], 10_000, 1);
    pools.push(pool);
    const got = await pool.run(sample.slice());
    expect(got).toEqual(explainBytes(sample, []));
  });
  it("answers 400's not_utf8 for bytes that are not UTF-8", async () => {
    const pool = new LabPool(file, [], 10_000, 1);
    pools.push(pool);
    expect(await pool.run(new Uint8Array([0xff, 0xfe, 0x41]))).toMatchObject({ ok: false, code: "not_utf8" });
  });
  it("stops a job past its budget with a 503 in both languages, and the next job still runs", async () => {
    const pool = new LabPool(file, [], 1, 1);
    pools.push(pool);
    const heavy = new TextEncoder().encode(labTrace(60_000));
    const r = await pool.run(heavy);
    expect(r).toMatchObject({ ok: false, code: "budget_exceeded", status: 503 });
    if (!r.ok) expect(r.message.zh).toMatch(/预算/);
    const roomy = new LabPool(file, [], 10_000, 1);
    pools.push(roomy);
    expect((await roomy.run(sample.slice())).ok).toBe(true);
  });
  it("refuses at once with 503 busy when the queue is full", async () => {
    const pool = new LabPool(file, [], 10_000, 1);
    pools.push(pool);
    const jobs = Array.from({ length: 18 }, () => pool.run(sample.slice()));
    const out = await Promise.all(jobs);
    expect(out.filter((o) => !o.ok && o.code === "busy").length).toBe(1);
    expect(out.filter((o) => o.ok).length).toBe(17);
  });
});
