/**
 * The full content check: the loader's schema and bank rules, then the engine's
 * verdict on every engine-checked item. Shared by `npm run content:check` and the
 * app's start-up, so both print the same messages.
 *
 * The engine is a parameter (defaulting to lib/tcp) so tests can hand in a fake.
 */
import path from "node:path";
import { gradeItem } from "@/lib/grading/grade";
import { traceAnswer } from "@/lib/grading/engine-answers";
import { loadAnswers, MIN_LABELLED } from "./answers";
import * as tcp from "@/lib/tcp";
import type { SimOptions, SimResult } from "@/lib/tcp";
import { formatError, loadContent, summarize, type ContentError, type LoadedItem, type LoadResult } from "./loader";
import type { OrderingItem, SequenceItem, StateItem, TraceItem, TransferItem } from "./schema";
import { drawSequenceOptions, seededRandom } from "./sequence";
import { drawTransfer } from "./transfer";

/** The part of the engine the check uses, as docs/contracts.md fixes it. */
export type Engine = Pick<typeof tcp, "transition" | "annotate" | "listScenarios"> & {
  simulate(name: string, opts?: SimOptions): SimResult;
};

/** Seeds the check draws sequence-question parameters from (several, to cover wrap-around). */
export const CHECK_SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const sameSet = (a: readonly string[], b: readonly string[]) => sameList([...a].sort(), [...b].sort());
const show = (xs: readonly string[]) => `[${xs.join(", ")}]`;

export function engineErrors(loaded: Pick<LoadResult, "items" | "locate">, engine: Engine = tcp): ContentError[] {
  const errors: ContentError[] = [];
  let scenarios: Set<string> | null = null;
  try {
    scenarios = new Set(engine.listScenarios().map((s) => s.name));
  } catch (e) {
    errors.push({ file: "lib/tcp", path: "listScenarios", message: `the engine failed: ${(e as Error).message}` });
  }

  for (const item of loaded.items) {
    const err = (fieldPath: (string | number)[], message: string) => {
      const loc = loaded.locate(item.id, fieldPath);
      errors.push({
        file: item.file,
        line: loc.file === item.file && loc.line !== undefined ? loc.line : item.line,
        path: [item.id, ...fieldPath].join("."),
        message,
      });
    };
    try {
      if (item.type === "state") checkState(item, engine, err);
      else if (item.type === "sequence") checkSequence(item, engine, scenarios, err);
      else if (item.type === "trace") checkTrace(item, engine, err);
      else if (item.type === "transfer") checkTransfer(item, err);
      else if (item.type === "ordering" && item.engine) checkOrdering(item, engine, scenarios, err);
    } catch (e) {
      err([], `the engine threw: ${(e as Error).message}`);
    }
  }
  return errors;
}

type Err = (fieldPath: (string | number)[], message: string) => void;

function checkState(item: StateItem & LoadedItem, engine: Engine, err: Err) {
  const r = engine.transition(item.state, item.event, item.origin ? { origin: item.origin } : undefined);
  const e = item.expect;
  if (!e) return;
  if ("next" in e) {
    if (!r.ok) return err(["expect"], `the engine rejects ${item.event} in ${item.state} (${r.code}), the item expects ${e.next}`);
    if (r.next !== e.next) err(["expect", "next"], `the engine says ${r.next}, the item says ${e.next}`);
    if (!sameSet(r.send, e.send)) err(["expect", "send"], `the engine sends ${show(r.send)}, the item says ${show(e.send)}`);
  } else {
    if (r.ok) return err(["expect"], `the engine accepts ${item.event} in ${item.state} (→ ${r.next}), the item expects rejection ${e.rejected}`);
    if (r.code !== e.rejected) err(["expect", "rejected"], `the engine's code is ${r.code}, the item says ${e.rejected}`);
    if (!sameSet(r.send, e.send)) err(["expect", "send"], `the engine sends ${show(r.send)}, the item says ${show(e.send)}`);
  }
}

function checkScenario(name: string, scenarios: Set<string> | null, err: Err, fieldPath: (string | number)[]): boolean {
  if (scenarios && !scenarios.has(name)) {
    err(fieldPath, `unknown scenario "${name}"; the engine has ${show([...scenarios].sort())}`);
    return false;
  }
  return true;
}

function checkSequence(item: SequenceItem & LoadedItem, engine: Engine, scenarios: Set<string> | null, err: Err) {
  if (!checkScenario(item.scenario, scenarios, err, ["scenario"])) return;
  for (const seed of CHECK_SEEDS) {
    const opts: SimOptions = drawSequenceOptions(item, seededRandom(seed));
    const sim: SimResult = engine.simulate(item.scenario, opts);
    if (!item.faults && sim.problems.length > 0)
      return err(["scenario"], `simulate reports a problem with seed ${seed}: ${sim.problems[0].message.en}`);
    for (const [i, b] of item.blanks.entries()) {
      const step = sim.steps[b.segment];
      if (!step) return err(["blanks", i, "segment"], `the simulation has ${sim.steps.length} segments; there is no segment ${b.segment}`);
      if (b.field === "ack" && step.ack === null)
        return err(["blanks", i, "field"], `segment ${b.segment} (${step.flags}) carries no acknowledgment number`);
    }
  }
}

/** Every drawn instance must compute: the calculators accept the parameters and give a value for every field. */
function checkTransfer(item: TransferItem & LoadedItem, err: Err) {
  for (const seed of CHECK_SEEDS) {
    let inst;
    try {
      inst = drawTransfer(item.calc, seededRandom(seed));
    } catch (e) {
      return err(["calc"], `the calculator rejects the parameters drawn with seed ${seed}: ${(e as Error).message}`);
    }
    for (const f of inst.fields) {
      const v = inst.expected[f.key];
      if (v === undefined || (typeof v === "number" && !Number.isFinite(v))) return err(["calc"], `no value for ${f.key} with seed ${seed}`);
    }
  }
}

function checkTrace(item: TraceItem & LoadedItem, engine: Engine, err: Err) {
  const a = engine.annotate(item.trace);
  for (const s of a.skipped) err(["trace"], `annotate() skipped trace line ${s.line}: ${s.reason.en}`);
  const problemLine = (p: { line?: number; index: number }) => p.line ?? a.segments[p.index]?.line;
  if (item.ask.kind === "states") {
    const line = item.ask.line;
    const seg = a.segments.find((s) => s.line === line);
    if (!seg) return err(["ask", "line"], `trace line ${line} is not a segment the engine parsed`);
    const early = a.problems.filter((p) => (problemLine(p) ?? Infinity) <= line);
    for (const p of early) err(["trace"], `the engine finds a problem at line ${problemLine(p)}: ${p.message.en}`);
    const e = item.expect;
    if (e && "line" in e) return err(["expect"], "a states question expects { client, server }");
    if (e && (seg.client !== e.client || seg.server !== e.server))
      err(["expect"], `the engine says client ${seg.client}, server ${seg.server}; the item says client ${e.client}, server ${e.server}`);
  } else if (item.ask.kind === "ack" || item.ask.kind === "event") {
    const line = item.ask.line;
    const seg = a.segments.find((s) => s.line === line);
    if (!seg) return err(["ask", "line"], `trace line ${line} is not a segment the engine parsed`);
    const early = a.problems.filter((p) => (problemLine(p) ?? Infinity) <= line);
    for (const p of early) err(["trace"], `the engine finds a problem at line ${problemLine(p)}: ${p.message.en}`);
    if (item.expect) return err(["expect"], "ack and event questions take no expect");
    if (item.ask.kind === "ack") {
      const t = traceAnswer(item);
      if (t.kind !== "ack" || t.ack === null) return err(["ask", "line"], `the engine does not define the ack of line ${line}`);
      if (t.ack !== seg.ack) err(["ask", "line"], `the engine reads ack ${t.ack} on line ${line}, the trace prints ${seg.ack}`);
    } else {
      const right = item.ask.options.filter((o) => seg.events.includes(o));
      if (right.length !== 1) err(["ask", "options"], `exactly one option must be an event the engine flags on line ${line} (it flags ${seg.events.join(", ") || "none"})`);
    }
  } else {
    if (a.problems.length === 0) return err(["ask"], "the engine finds nothing impossible in this trace");
    const first = problemLine(a.problems[0]);
    const e = item.expect;
    if (e && !("line" in e)) return err(["expect"], "an impossible-line question expects { line }");
    if (e && first !== e.line) err(["expect", "line"], `the engine flags line ${first} (${a.problems[0].code}), the item says line ${e.line}`);
  }
}

/** Whether `run` appears in `list` as consecutive elements. */
function containsRun(list: string[], run: string[]): boolean {
  if (run.length === 0) return true;
  for (let i = 0; i + run.length <= list.length; i++) if (run.every((x, j) => list[i + j] === x)) return true;
  return false;
}

/** Consecutive duplicates removed. */
function compress(states: string[]): string[] {
  return states.filter((s, i) => i === 0 || s !== states[i - 1]);
}

function checkOrdering(item: OrderingItem & LoadedItem, engine: Engine, scenarios: Set<string> | null, err: Err) {
  const e = item.engine!;
  if (!checkScenario(e.scenario, scenarios, err, ["engine", "scenario"])) return;
  const sim = engine.simulate(e.scenario, { seed: 1, ...(e.faults ? { faults: e.faults } : {}) });
  const simStates = compress(sim.steps.map((s) => s[e.side]));
  // An ordering item covers one phase of the connection (the handshake, the teardown): its
  // states must appear consecutively, in order, in the side's life in the simulation. The
  // simulation records states after each segment, so the CLOSED before the first segment and a
  // CLOSED reached by a timer after the last one are implied.
  const life = ["CLOSED", ...simStates, ...(simStates[simStates.length - 1] === "CLOSED" ? [] : ["CLOSED"])];
  const mine = item.steps.map((s) => s.state!);
  if (!containsRun(life, mine))
    err(["steps"], `the ${e.side}'s states in simulate("${e.scenario}") are ${show(simStates)}; the steps give ${show(item.steps.map((s) => s.state!))}`);
}

/**
 * An item's own model answer must be graded correct, in both languages, with no misconception:
 * otherwise a learner who writes the model answer would be marked down.
 */
export function keyPointErrors(loaded: Pick<LoadResult, "items" | "locate">): ContentError[] {
  const errors: ContentError[] = [];
  for (const item of loaded.items) {
    if (!item.answer || item.keyPoints.length === 0) continue;
    for (const lang of ["zh", "en"] as const) {
      const r = gradeItem(item, item.answer[lang], lang);
      if (r.verdict === "correct") continue;
      const loc = loaded.locate(item.id, ["answer", lang]);
      const why = [
        r.missed.length ? `misses key point(s) ${r.missed.join(", ")}` : "",
        r.misconceptions.length ? `asserts misconception(s) ${r.misconceptions.map((m) => m.id).join(", ")}` : "",
      ].filter(Boolean);
      errors.push({
        file: item.file,
        line: loc.file === item.file ? loc.line : item.line,
        path: `${item.id}.answer.${lang}`,
        message: `the item's own ${lang} answer is graded ${r.verdict}: it ${why.join(" and ")}`,
      });
    }
  }
  return errors;
}

/**
 * The labelled answer set (content/answers): every item graded by key points (open items and
 * flashcards with key points, which the mock interview asks aloud) needs at least MIN_LABELLED labelled
 * answers, PASS and FAIL in both languages, and the grader must agree with every label. Every item
 * that corrects a misconception (has `misconception`) must declare it as a claim the grader detects.
 */
export function labelledErrors(loaded: Pick<LoadResult, "items">, answersDir: string): ContentError[] {
  const errors: ContentError[] = [];
  const set = loadAnswers(answersDir);
  for (const e of set.errors) errors.push({ file: e.file, line: 1, path: "", message: e.message });
  const byId = new Map(loaded.items.map((i) => [i.id, i]));
  for (const [id] of set.byItem) {
    if (!byId.has(id)) errors.push({ file: path.join(answersDir, `${id}.yaml`), line: 1, path: "item", message: `no item "${id}" in the bank` });
  }
  for (const item of loaded.items) {
    if (item.keyPoints.length === 0) continue;
    const file = path.join(answersDir, `${item.id}.yaml`);
    const err = (message: string) => errors.push({ file, line: 1, path: item.id, message });
    if (item.misconception && item.misconceptions.length === 0) {
      errors.push({ file: item.file, line: item.line, path: `${item.id}.misconceptions`, message: "the item corrects a misconception: declare it under misconceptions so the grader detects it" });
    }
    const answers = set.byItem.get(item.id) ?? [];
    if (answers.length < MIN_LABELLED) {
      err(`needs at least ${MIN_LABELLED} labelled answers (has ${answers.length}): every item graded by key points does`);
      continue;
    }
    for (const lang of ["zh", "en"] as const) {
      for (const label of ["PASS", "FAIL"] as const) {
        if (!answers.some((a) => a.lang === lang && a.label === label)) err(`needs at least one ${label} answer in ${lang}`);
      }
    }
    answers.forEach((a, i) => {
      const r = gradeItem(item, a.text, a.lang);
      if ((r.verdict === "correct") !== (a.label === "PASS")) {
        err(`answers.${i} (${a.lang} ${a.kind}) is labelled ${a.label} but graded ${r.verdict}` +
          ` (matched ${r.matched.map((m) => m.id).join(",") || "nothing"}; missed ${r.missed.join(",") || "nothing"}` +
          `${r.misconceptions.length ? `; misconceptions ${r.misconceptions.map((m) => m.id).join(",")}` : ""})`);
      }
    });
  }
  return errors;
}

export interface CheckResult {
  load: LoadResult;
  errors: ContentError[];
  messages: string[];
  summaryLine: string;
}

/** `answers`: also check the labelled answer set (content:check and the tests do; the app's start-up does not). */
export function checkContent(dir: string, engine: Engine = tcp, opts: { answers?: boolean } = {}): CheckResult {
  const load = loadContent(dir);
  const errors = [...load.errors, ...keyPointErrors(load), ...engineErrors(load, engine)];
  if (opts.answers && load.errors.length === 0) errors.push(...labelledErrors(load, path.join(dir, "answers")));
  const s = summarize(load.items);
  const topics = Object.keys(s.byTopic).length;
  const types = Object.entries(s.byType)
    .sort()
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  return {
    load,
    errors,
    messages: errors.map(formatError),
    summaryLine: `content:check ok: ${s.total} items in ${topics} topics (${types}); ${s.engineChecked} verified by the engine`,
  };
}
