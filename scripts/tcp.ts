/**
 * TCP Drill engine on the command line (issue 4 §4). Every --json output is exactly one JSON document.
 *
 *   npm run --silent tcp -- annotate <file|-> [--json]          exit 0 valid, 1 problems, 2 unreadable
 *                                                              (text from tcpdump -n, or a .pcap/.pcapng file)
 *   npm run --silent tcp -- transition <STATE> <EVENT> [--origin passive|active] [--json]
 *   npm run --silent tcp -- simulate <scenario> [--seed N] [--drop K] [--json]
 *   npm run --silent tcp -- simulate --list [--json]
 *   npm run --silent tcp -- congestion | rto | window | cubic | transfer ... (scripts/tcp-transfer.ts)
 *   npm run --silent tcp -- mss | wscale | ports | framing | keepalive | syn-retries | give-up | nagle | accept-queue ... (the same file)
 */
import { readFileSync } from "node:fs";
import {
  annotate, isTcpEvent, isTcpState, listScenarios, simulate, transition, UnknownScenarioError,
  type Delivery, type Problem, type TraceSegment,
} from "../lib/tcp/index";
import { runTransferCommand, TRANSFER_USAGE } from "./tcp-transfer";
import { isCaptureFile, readCaptureFile } from "../lib/tcp/pcap";

const USAGE = `usage: tcp annotate <file|-> [--json]
       tcp transition <STATE> <EVENT> [--origin passive|active] [--json]
       tcp simulate <scenario> [--seed N] [--drop K] [--json]
       tcp simulate --list [--json]
${TRANSFER_USAGE}`;

class Exit extends Error {
  constructor(readonly code: number, readonly stderr?: string) {
    super(stderr ?? `exit ${code}`);
  }
}

function takeFlag(args: string[], name: string): boolean {
  const i = args.indexOf(name);
  if (i < 0) return false;
  args.splice(i, 1);
  return true;
}
function takeOption(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith("--")) throw new Exit(2, `${name} needs a value`);
  args.splice(i, 2);
  return v;
}
function int(v: string, name: string): number {
  if (!/^\d+$/.test(v)) throw new Exit(2, `${name} must be a non-negative integer, got "${v}"`);
  return Number(v);
}

const pick = (s: TraceSegment) => ({
  from: s.from, flags: s.flags, seq: s.seq, ack: s.ack, len: s.len, client: s.client, server: s.server, problems: s.problems,
});

/** How an annotated segment arrived, in the note column: "crossed → #6", "lost (#9 proves it)", ... */
function arrival(d: Delivery | undefined): string {
  if (!d || d.kind === "at_once") return "";
  if (d.kind === "crossed") return `crossed → #${d.at}`;
  if (d.kind === "end") return d.at === null ? "in flight at the end" : `at the end → #${d.at}`;
  return `${d.kind} (#${d.proof} proves it)`;
}

function table(rows: (TraceSegment & { line?: number; fate?: string; delivery?: Delivery; events?: readonly string[] })[], problems: Problem[]): string {
  const head = ["#", "line", "from", "flags", "seq", "ack", "len", "client", "server", "note"];
  const body = rows.map((s, i) => [
    String(i), s.line !== undefined ? String(s.line) : "", s.from === "client" ? "client →" : "← server", `[${s.flags}]`,
    String(s.seq), s.ack === null ? "" : String(s.ack), String(s.len), s.client, s.server,
    [s.fate && s.fate !== "delivered" ? s.fate : "", arrival(s.delivery), ...(s.events ?? []), ...s.problems.map((p) => `! ${p.code}`)].filter(Boolean).join(" "),
  ]);
  const w = head.map((h, c) => Math.max(h.length, ...body.map((r) => r[c].length)));
  const fmt = (r: string[]) => r.map((x, c) => x.padEnd(w[c])).join("  ").trimEnd();
  let out = fmt(head) + "\n" + body.map(fmt).join("\n") + "\n";
  for (const p of problems) out += `\nproblem at #${p.index}${p.line !== undefined ? ` (line ${p.line})` : ""}: ${p.code}\n  ${p.message.en}\n  ${p.message.zh}\n`;
  return out;
}

function readInput(path: string): string {
  let buf: Buffer;
  try {
    buf = path === "-" ? readFileSync(0) : readFileSync(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new Exit(2, `cannot read ${path === "-" ? "standard input" : path}: ${err.code ?? err.message}`);
  }
  // a pcap or pcapng file (told by its magic number) is read into the text form of tcpdump -n -S
  if (isCaptureFile(buf)) {
    const r = readCaptureFile(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
    if (!r.ok) throw new Exit(2, `cannot read ${path === "-" ? "standard input" : path} as a capture file (${r.code}): ${r.message.en}`);
    return r.text;
  }
  if (buf.includes(0)) throw new Exit(2, `${path} is binary but neither pcap nor pcapng: print it with "tcpdump -n -r FILE" first`);
  return buf.toString("utf8");
}

function cmdAnnotate(args: string[]): number {
  const json = takeFlag(args, "--json");
  if (args.length !== 1) throw new Exit(2, USAGE);
  const text = readInput(args[0]);
  const a = annotate(text);
  if (a.segments.length === 0) {
    const why = a.skipped.length > 0 ? `no TCP segment lines (${a.skipped.length} lines skipped, first: ${a.skipped[0].reason.en})` : "no TCP segment lines (empty input)";
    throw new Exit(2, `unreadable input: ${why}`);
  }
  if (json) out(JSON.stringify({ segments: a.segments.map((s) => ({ ...pick(s), delivery: s.delivery, events: s.events })), problems: a.problems }));
  else {
    let s = `client ${a.client}  server ${a.server}  numbering ${a.numbering}${a.midStream ? "  (capture starts mid-connection)" : ""}\n\n`;
    s += table(a.segments, a.problems);
    for (const k of a.skipped) s += `\nskipped line ${k.line}: ${k.reason.en}`;
    out(s.trimEnd() + "\n");
  }
  return a.problems.length > 0 ? 1 : 0;
}

function cmdTransition(args: string[]): number {
  const json = takeFlag(args, "--json");
  const origin = takeOption(args, "--origin");
  if (args.length !== 2) throw new Exit(2, USAGE);
  const [state, event] = [args[0].toUpperCase().replace(/-/g, "_"), args[1].toLowerCase()];
  const fail = (msg: string) => {
    if (json) out(JSON.stringify({ error: msg }));
    else process.stderr.write(msg + "\n");
    return 1;
  };
  if (origin !== undefined && origin !== "passive" && origin !== "active") return fail(`--origin must be passive or active, got "${origin}"`);
  if (!isTcpState(state)) return fail(`unknown state "${args[0]}"`);
  if (!isTcpEvent(event)) return fail(`unknown event "${args[1]}"`);
  const r = transition(state, event, origin ? { origin } : undefined);
  if (!r.ok) {
    if (json) out(JSON.stringify({ error: `${r.code}: ${r.message.en}`, code: r.code, message: r.message, send: r.send, rule: r.rule }));
    else out(`${state} --${event}--> rejected (${r.code}), RFC response: ${r.send.length ? r.send.join(", ") : "nothing sent"}\n  ${r.message.en}\n  ${r.message.zh}\n  ${r.rule}\n`);
    return 1;
  }
  if (json) out(JSON.stringify({ next: r.next, send: r.send }));
  else out(`${state} --${event}--> ${r.next}  send: ${r.send.length ? r.send.join(", ") : "nothing"}\n  ${r.reason.en}\n  ${r.reason.zh}\n  ${r.rule}\n`);
  return 0;
}

function cmdSimulate(args: string[]): number {
  const json = takeFlag(args, "--json");
  if (takeFlag(args, "--list")) {
    const list = listScenarios();
    if (json) out(JSON.stringify(list));
    else out(list.map((s) => `${s.name.padEnd(20)} ${s.title.en} / ${s.title.zh}`).join("\n") + "\n");
    return 0;
  }
  const seedS = takeOption(args, "--seed");
  const dropS = takeOption(args, "--drop");
  if (args.length !== 1) throw new Exit(2, USAGE);
  const seed = seedS === undefined ? undefined : int(seedS, "--seed");
  const faults = dropS === undefined ? undefined : [{ segment: int(dropS, "--drop"), kind: "drop" as const }];
  let r;
  try {
    r = simulate(args[0], { seed, faults });
  } catch (e) {
    if (e instanceof UnknownScenarioError) throw new Exit(2, e.message);
    throw e;
  }
  if (json) {
    out(JSON.stringify({
      scenario: r.scenario, seed: r.seed,
      segments: r.steps.map((s) => ({ ...pick(s), t: s.t, fate: s.fate })),
      problems: r.problems,
    }));
  } else {
    let s = `${r.scenario} (seed ${r.seed}); ends at t=${r.final.t} ms with client ${r.final.client.state}, server ${r.final.server.state}\n\n`;
    s += table(r.steps, r.problems);
    out(s);
  }
  return 0;
}

function out(s: string): void {
  process.stdout.write(s.endsWith("\n") ? s : s + "\n");
}

export function main(argv: string[]): number {
  const args = [...argv];
  const cmd = args.shift();
  try {
    switch (cmd) {
      case "annotate": return cmdAnnotate(args);
      case "transition": return cmdTransition(args);
      case "simulate": return cmdSimulate(args);
      case "congestion": case "rto": case "window": case "cubic": case "transfer":
      case "mss": case "wscale": case "ports": case "framing": case "keepalive": case "syn-retries": case "give-up": case "nagle": case "accept-queue":
        return runTransferCommand(cmd, args);
      default: throw new Exit(2, USAGE);
    }
  } catch (e) {
    if (e instanceof Exit) {
      if (e.stderr) process.stderr.write(e.stderr.split("\n")[0] === e.stderr ? e.stderr + "\n" : e.stderr + "\n");
      return e.code;
    }
    process.stderr.write(`internal error: ${(e as Error).message}\n`);
    return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
