/**
 * npm run bench — every benchmark in one run, each figure printed beside a baseline measured in
 * the same run, with the ratio. Builds the production app first (the practice, dashboard and lab
 * figures are measured on it). Sections can be chosen: npm run bench -- engine practice
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const wanted = new Set(process.argv.slice(2));
const want = (name: string) => wanted.size === 0 || wanted.has(name);

interface Section {
  name: string;
  file: string;
  fn: string;
  needsBuild?: boolean;
}

const SECTIONS: Section[] = [
  { name: "engine", file: "./bench/engine.ts", fn: "runEngineBench" },
  { name: "practice", file: "./bench/practice.ts", fn: "runPracticeBench", needsBuild: true },
  { name: "dashboard", file: "./bench/dashboard.ts", fn: "runDashboardBench", needsBuild: true },
  { name: "lab", file: "./bench/lab.ts", fn: "runLabBench", needsBuild: true },
  { name: "worst", file: "./bench/worst.ts", fn: "runWorstBench", needsBuild: true },
  { name: "load", file: "./bench/load.ts", fn: "runLoadBench", needsBuild: true },
  { name: "postgres", file: "./bench/postgres.ts", fn: "runPostgresBench", needsBuild: true },
  { name: "transfer", file: "./bench/transfer.ts", fn: "runTransferBench" },
  { name: "grading", file: "./bench/grading.ts", fn: "runGradingBench" },
  { name: "schedule", file: "./bench/schedule.ts", fn: "runScheduleBench" },
  { name: "heavy", file: "./bench/heavy.ts", fn: "runHeavyBench", needsBuild: true },
];

async function main() {
  console.log(`# TCP Drill benchmarks — ${new Date().toISOString()}`);
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  const chosen = SECTIONS.filter((s) => want(s.name));
  if (chosen.some((s) => s.needsBuild)) {
    console.log("building the production app (npm run build)…");
    execFileSync("npm", ["run", "--silent", "build"], { cwd: root, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  }
  for (const s of chosen) {
    const file = path.join(import.meta.dirname, s.file);
    if (!fs.existsSync(file)) {
      console.log(`\n## ${s.name}: not built yet (${path.relative(root, file)} is missing)`);
      continue;
    }
    const mod = (await import(file)) as Record<string, () => Promise<void>>;
    if (typeof mod[s.fn] !== "function") {
      console.log(`\n## ${s.name}: ${s.fn} is not exported by ${s.file}`);
      continue;
    }
    await mod[s.fn]();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
