import "server-only";
import fs from "node:fs";
import path from "node:path";
import { annotate, listScenarios, type AppFaults, type Bilingual, type Fault } from "@/lib/tcp";
import { getBank } from "@/lib/server/bank";
import { checkTraceSize } from "@/lib/lab/limits";
import type { StepFault } from "@/lib/lab/faults";
import { runAsTcpdump, simulateRun } from "@/lib/lab/player";
import { isTransferScenario, simulateTransferRun, TRANSFER_SCENARIO_NAMES, transferTcpdump } from "@/lib/lab/transfer";
import type { BankEntry } from "@/lib/lab/related";
import { buildExplainView, type ExplainView } from "@/lib/lab/view";
import { captureLabel } from "@/lib/lab/capture-labels";

/**
 * The lab's server side: the engine runs here, never in the browser. Samples come from the
 * question bank's trace items and from the real captures in lib/tcp/captures.
 */

let bankEntries: BankEntry[] | null = null;
export function labBank(): BankEntry[] {
  bankEntries ??= getBank().items.map((i) => ({ id: i.id, topic: i.topic, tags: i.tags, type: i.type, frequency: i.frequency, prompt: i.prompt }));
  return bankEntries;
}

/** Annotates a trace the size check has accepted. */
export function explain(text: string): ExplainView {
  return buildExplainView(annotate(text), labBank());
}

export type ExplainOutcome = { ok: true; view: ExplainView } | { ok: false; code: string; message: Bilingual };

/** The size limits, then the engine: the one path every trace takes on the server. */
export function explainChecked(text: string): ExplainOutcome {
  const size = checkTraceSize(text);
  if (!size.ok) return { ok: false, code: size.code, message: size.message };
  return { ok: true, view: explain(text) };
}

export interface Sample {
  /** "bank:<id>" or "capture:<name>" */
  value: string;
  label: Bilingual;
}

const CAPTURES_DIR = path.join(process.cwd(), "lib", "tcp", "captures");
const CAPTURE_NAME = /^[a-z0-9][a-z0-9.-]*$/;

let captureNames: string[] | null = null;
function captures(): string[] {
  if (!captureNames) {
    try {
      captureNames = fs
        .readdirSync(CAPTURES_DIR)
        .filter((f) => f.endsWith(".txt") && !f.endsWith(".ss.txt")) // .ss.txt: the ss snapshots recorded beside a capture
        .map((f) => f.slice(0, -4))
        .sort();
    } catch {
      captureNames = [];
    }
  }
  return captureNames;
}

export function samples(): { bank: Sample[]; captures: Sample[] } {
  const bank = getBank()
    .items.filter((i) => i.type === "trace")
    .map((i) => ({ value: `bank:${i.id}`, label: i.prompt }));
  const caps = captures().map((name) => ({ value: `capture:${name}`, label: captureLabel(name) }));
  return { bank, captures: caps };
}

/** The text of a sample, or null when there is no such sample. */
export function sampleText(value: string): string | null {
  const [kind, ...rest] = value.split(":");
  const name = rest.join(":");
  if (kind === "bank") {
    const item = getBank().byId.get(name);
    return item && item.type === "trace" ? item.trace : null;
  }
  if (kind === "capture" && CAPTURE_NAME.test(name) && captures().includes(name)) {
    return fs.readFileSync(path.join(CAPTURES_DIR, `${name}.txt`), "utf8");
  }
  return null;
}

export function scenarioNames(): string[] {
  return [...listScenarios().map((s) => s.name), ...TRANSFER_SCENARIO_NAMES];
}

/** The tcpdump text of a simulated run, as the player exports it. */
/** `faults` on 1-based step numbers (player URL v2), or an old link's transmission indexes. */
export function runText(scenario: string, seed: number, faults: StepFault[], legacyFaults: Fault[] = [], app: AppFaults = {}): string {
  if (isTransferScenario(scenario)) return transferTcpdump(simulateTransferRun(scenario, seed, faults, legacyFaults).result);
  return runAsTcpdump(simulateRun(scenario, seed, faults, legacyFaults, app).steps);
}
