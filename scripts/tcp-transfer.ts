/**
 * The data-transfer calculators on the command line (issue 17 §3), wired into scripts/tcp.ts.
 * Every --json output is one JSON document; bad arguments exit 2 with one line on stderr.
 *
 *   tcp congestion --algo reno|newreno [--cwnd N] [--ssthresh N] --events rtt,ack:2,dupack,partial_ack,timeout:12 [--json]
 *   tcp rto --samples 100,120,80 [--min-rto 1000|200] [--granularity G] [--max-rto MS] [--variant rfc6298|linux] [--timeouts N] [--json]
 *   tcp window send --una N --nxt N --wnd N [--cwnd BYTES] [--mss N] [--json]
 *   tcp window ack --rcv-nxt N --arrivals SEQ:LEN,... [--rcv-wnd N] [--sack] [--dsack] [--max-blocks N] [--json]
 *   tcp window persist --rto MS --una N [--zero-at MS] [--opens-at MS|never] [--open-window N] [--rtt MS] [--update-delivered] [--style rfc|linux] [--max-probes N] [--json]
 *   tcp cubic --wmax W --t S,S,... [--c 0.4] [--beta 0.7] [--json]
 *   tcp transfer --list [--json]
 *   tcp transfer <scenario> [--seed N] [--loss P] [--json | --tcpdump [--vantage client|server|wire]]
 * Issue 18 (lib/tcp/transfer/limits.ts, timers.ts):
 *   tcp mss --mtu N [--ipv6] [--timestamps] [--peer-mss N] [--bytes N] [--json]
 *   tcp wscale --win N [--wscale S] [--rtt MS] [--json]
 *   tcp ports --range LOW-HIGH [--destinations N] [--rate PER_S] [--json]
 *   tcp framing --messages LEN,... --reads N,... [--header 4] [--json]
 *   tcp keepalive --time S --intvl S --probes N [--json]
 *   tcp syn-retries --retries N [--linear L] [--synack] [--json]
 *   tcp give-up --retries2 N --rto MS [--json]
 *   tcp nagle --rtt MS --delayed-ack MS [--json]
 *   tcp accept-queue --backlog N --somaxconn N [--completed N] [--json]
 */
import {
  acceptQueue, ephemeralPorts, frameReads, keepaliveSchedule, mssFromMtu, nagleStall, retransmitGiveUp, scaledWindow, synRetries, type Bi,
  congestion, CONGESTION_ALGOS, CONGESTION_EVENTS, cubicWindow, listTransferScenarios, persistTimer, receiverAcks, renderTransferTcpdump, rto, sendWindow,
  simulateTransferScenario, TransferInputError, type Vantage,
  type CongestionAlgo, type CongestionEvent, type CongestionEventKind,
} from "../lib/tcp/transfer/index";

export const TRANSFER_USAGE = `       tcp congestion --algo reno|newreno [--cwnd N] [--ssthresh N] --events rtt,ack[:N],partial_ack[:N],dupack[:FLIGHT],timeout[:FLIGHT] [--json]
       tcp rto --samples MS,MS,... [--min-rto 1000|200] [--granularity G] [--max-rto MS] [--variant rfc6298|linux] [--timeouts N] [--json]
       tcp window send --una N --nxt N --wnd N [--cwnd BYTES] [--mss N] [--json]
       tcp window ack --rcv-nxt N --arrivals SEQ:LEN,... [--rcv-wnd N] [--sack] [--dsack] [--max-blocks N] [--json]
       tcp window persist --rto MS --una N [--zero-at MS] [--opens-at MS|never] [--open-window N] [--rtt MS] [--update-delivered] [--style rfc|linux] [--max-probes N] [--json]
       tcp cubic --wmax W --t S,S,... [--c 0.4] [--beta 0.7] [--json]
       tcp transfer --list [--json]
       tcp transfer <scenario> [--seed N] [--loss P] [--json | --tcpdump [--vantage client|server|wire]]
       tcp mss --mtu N [--ipv6] [--timestamps] [--peer-mss N] [--bytes N] [--json]
       tcp wscale --win N [--wscale S] [--rtt MS] [--json]
       tcp ports --range LOW-HIGH [--destinations N] [--rate PER_S] [--json]
       tcp framing --messages LEN,... --reads N,... [--header 4] [--json]
       tcp keepalive --time S --intvl S --probes N [--json]
       tcp syn-retries --retries N [--linear L] [--synack] [--json]
       tcp give-up --retries2 N --rto MS [--json]
       tcp nagle --rtt MS --delayed-ack MS [--json]
       tcp accept-queue --backlog N --somaxconn N [--completed N] [--json]`;

export const LIMIT_COMMANDS = ["mss", "wscale", "ports", "framing", "keepalive", "syn-retries", "give-up", "nagle", "accept-queue"] as const;
export type LimitCommand = (typeof LIMIT_COMMANDS)[number];

class BadArgs extends Error {}

function flag(args: string[], name: string): boolean {
  const i = args.indexOf(name);
  if (i < 0) return false;
  args.splice(i, 1);
  return true;
}
function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith("--")) throw new BadArgs(`${name} needs a value`);
  args.splice(i, 2);
  return v;
}
function required(args: string[], name: string): string {
  const v = option(args, name);
  if (v === undefined) throw new BadArgs(`${name} is required`);
  return v;
}
function int(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d{1,15}$/.test(v)) throw new BadArgs(`${name} must be a non-negative integer, got "${v}"`);
  return Number(v);
}
function num(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d{1,12}(\.\d{1,6})?$/.test(v)) throw new BadArgs(`${name} must be a non-negative number, got "${v}"`);
  return Number(v);
}
function noneLeft(args: string[]): void {
  if (args.length > 0) throw new BadArgs(`unexpected argument "${args[0]}"`);
}
function out(s: string): void {
  process.stdout.write(s.endsWith("\n") ? s : s + "\n");
}
function table(head: string[], rows: string[][]): string {
  const w = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const fmt = (r: string[]) => r.map((x, c) => x.padEnd(w[c])).join("  ").trimEnd();
  return [fmt(head), ...rows.map(fmt)].join("\n") + "\n";
}

function parseEvents(list: string): CongestionEvent[] {
  return list.split(",").map((raw, i) => {
    const m = /^([a-z_]+)(?::(\d{1,7}))?$/.exec(raw.trim());
    if (!m || !(CONGESTION_EVENTS as readonly string[]).includes(m[1])) {
      throw new BadArgs(`event ${i + 1} "${raw}" must be one of ${CONGESTION_EVENTS.join(", ")} (ack:N and partial_ack:N acknowledge N segments; dupack:F and timeout:F state the flight)`);
    }
    const event = m[1] as CongestionEventKind;
    if (m[2] === undefined) return { event };
    const n = Number(m[2]);
    return event === "ack" || event === "partial_ack" ? { event, acked: n } : { event, flight: n };
  });
}

function cmdCongestion(args: string[]): number {
  const json = flag(args, "--json");
  const algo = required(args, "--algo");
  if (!(CONGESTION_ALGOS as readonly string[]).includes(algo)) throw new BadArgs(`--algo must be reno or newreno, got "${algo}"`);
  const cwnd = int(option(args, "--cwnd"), "--cwnd");
  const ssthresh = int(option(args, "--ssthresh"), "--ssthresh");
  const events = parseEvents(required(args, "--events"));
  noneLeft(args);
  const steps = congestion({ algo: algo as CongestionAlgo, cwnd, ssthresh, events });
  if (json) out(JSON.stringify({ steps: steps.map(({ event, cwnd, ssthresh, phase }) => ({ event, cwnd, ssthresh, phase })) }));
  else out(table(["#", "event", "cwnd", "ssthresh", "phase", "why"], steps.map((s, i) => [String(i + 1), s.event, String(s.cwnd), String(s.ssthresh), s.phase, s.why.en])));
  return 0;
}

function cmdRto(args: string[]): number {
  const json = flag(args, "--json");
  const samples = required(args, "--samples").split(",").map((s, i) => num(s.trim(), `sample ${i + 1}`)!);
  const minRto = num(option(args, "--min-rto"), "--min-rto");
  const maxRto = num(option(args, "--max-rto"), "--max-rto");
  const granularity = num(option(args, "--granularity"), "--granularity");
  const variant = option(args, "--variant");
  if (variant !== undefined && variant !== "rfc6298" && variant !== "linux") throw new BadArgs(`--variant must be rfc6298 or linux, got "${variant}"`);
  const timeouts = int(option(args, "--timeouts"), "--timeouts");
  noneLeft(args);
  const r = rto({ samples, minRto, maxRto, granularity, variant, timeouts });
  if (json) out(JSON.stringify(r));
  else {
    out(table(["sample", "srtt", "rttvar", "rto"], r.steps.map((s) => [s.sample, s.srtt, s.rttvar, s.rto].map(String)))
      + `back-off after successive timeouts: ${r.backoff.map((b) => `${b.timeout}: ${b.rto}`).join(", ")} ms`);
  }
  return 0;
}

function cmdWindow(args: string[]): number {
  const json = flag(args, "--json");
  const sub = args.shift();
  let result: unknown;
  let text: string;
  switch (sub) {
    case "send": {
      const r = sendWindow({
        sndUna: int(required(args, "--una"), "--una")!, sndNxt: int(required(args, "--nxt"), "--nxt")!, sndWnd: int(required(args, "--wnd"), "--wnd")!,
        cwnd: int(option(args, "--cwnd"), "--cwnd"), mss: int(option(args, "--mss"), "--mss"),
      });
      noneLeft(args);
      result = r;
      const rg = (x: typeof r.usable) => (x ? `${x.first}–${x.last} (${x.bytes} bytes)` : "none");
      text = `window ${r.window} (${r.limitedBy.replace("_", " ")})\nin flight: ${rg(r.inFlight)}\nmay send now: ${rg(r.usable)}${r.fullSegments !== undefined ? `, ${r.fullSegments} full segments` : ""}\nnot before the window moves: from ${r.rightEdge}${r.shrunk ? "\nthe window has shrunk below the data in flight" : ""}`;
      break;
    }
    case "ack": {
      const rcvNxt = int(required(args, "--rcv-nxt"), "--rcv-nxt")!;
      const arrivals = required(args, "--arrivals").split(",").map((a, i) => {
        const m = /^(\d{1,10}):(\d{1,10})$/.exec(a.trim());
        if (!m) throw new BadArgs(`arrival ${i + 1} "${a}" must be SEQ:LEN`);
        return { seq: Number(m[1]), len: Number(m[2]) };
      });
      const r = receiverAcks({
        rcvNxt, arrivals, rcvWnd: int(option(args, "--rcv-wnd"), "--rcv-wnd"), sack: flag(args, "--sack"), dsack: flag(args, "--dsack"),
        maxBlocks: int(option(args, "--max-blocks"), "--max-blocks"),
      });
      noneLeft(args);
      result = { steps: r };
      text = table(["seq", "len", "kind", "ack", "sack", "delivered"], r.map((s) => [String(s.seq), String(s.len), s.kind, String(s.ack), s.sack.map((b) => `${b.left}-${b.right}`).join(" "), String(s.delivered)]));
      break;
    }
    case "persist": {
      const opensS = option(args, "--opens-at");
      const style = option(args, "--style");
      if (style !== undefined && style !== "rfc" && style !== "linux") throw new BadArgs(`--style must be rfc or linux, got "${style}"`);
      const r = persistTimer({
        rto: num(required(args, "--rto"), "--rto")!, sndUna: int(required(args, "--una"), "--una")!,
        zeroWindowAt: num(option(args, "--zero-at"), "--zero-at") ?? 0,
        windowOpensAt: opensS === undefined || opensS === "never" ? null : num(opensS, "--opens-at")!,
        openWindow: int(option(args, "--open-window"), "--open-window"), rtt: num(option(args, "--rtt"), "--rtt"),
        updateDelivered: flag(args, "--update-delivered"), style, maxProbes: int(option(args, "--max-probes"), "--max-probes"),
      });
      noneLeft(args);
      result = r;
      text = table(["probe", "at", "interval", "seq", "len", "ack", "win"], r.probes.map((p) => [p.n, p.at, p.interval, p.seq, p.len, p.answer.ack, p.answer.win].map(String)))
        + (r.resumesAt === null ? "the window stays closed for every probe listed" : `sending resumes at ${r.resumesAt} ms (${r.resumedBy === "probe" ? "a probe found the window open" : "the window update arrived"})`);
      break;
    }
    default:
      throw new BadArgs(`window needs send, ack or persist, got ${sub === undefined ? "nothing" : `"${sub}"`}`);
  }
  out(json ? JSON.stringify(result) : text);
  return 0;
}

/** CUBIC's window W(t) after a loss at W_max (RFC 9438 §4.2). */
function cmdCubic(args: string[]): number {
  const json = flag(args, "--json");
  const wMax = num(required(args, "--wmax"), "--wmax")!;
  const ts = required(args, "--t").split(",").map((x, i) => num(x.trim(), `time ${i + 1}`)!);
  const c = num(option(args, "--c"), "--c");
  const beta = num(option(args, "--beta"), "--beta");
  noneLeft(args);
  if (ts.length > 10_000) throw new BadArgs("at most 10000 times");
  const points = ts.map((t) => ({ t, w: cubicWindow({ wMax, t, c, beta }).w }));
  const k = cubicWindow({ wMax, t: 0, c, beta }).k;
  if (json) out(JSON.stringify({ k, points }));
  else out(`W_cubic(t) = ${c ?? 0.4}·(t − K)^3 + ${wMax}, K = cbrt(${wMax}·(1 − ${beta ?? 0.7}) / ${c ?? 0.4}) = ${k.toFixed(4)} s\n`
    + table(["t s", "W segments"], points.map((p) => [String(p.t), p.w.toFixed(3)])));
  return 0;
}

function cmdTransfer(args: string[]): number {
  const json = flag(args, "--json");
  if (flag(args, "--list")) {
    noneLeft(args);
    const list = listTransferScenarios();
    out(json ? JSON.stringify(list) : list.map((x) => `${x.name.padEnd(24)} ${x.title.en} / ${x.title.zh}`).join("\n"));
    return 0;
  }
  const tcpdump = flag(args, "--tcpdump");
  const seed = int(option(args, "--seed"), "--seed");
  const loss = num(option(args, "--loss"), "--loss");
  const vantage = option(args, "--vantage");
  if (vantage !== undefined && !["client", "server", "wire"].includes(vantage)) throw new BadArgs(`--vantage must be client, server or wire, got "${vantage}"`);
  if (json && tcpdump) throw new BadArgs("--json and --tcpdump exclude each other");
  const name = args.shift();
  if (name === undefined) throw new BadArgs("transfer needs a scenario name or --list");
  noneLeft(args);
  const r = simulateTransferScenario(name, { ...(seed !== undefined ? { seed } : {}), ...(loss !== undefined ? { lossRate: loss } : {}) });
  if (tcpdump) {
    out(renderTransferTcpdump(r, { vantage: (vantage ?? "client") as Vantage }));
    return 0;
  }
  if (json) {
    out(JSON.stringify(r));
    return 0;
  }
  const rel = (seq: number, iss: number) => String((seq - iss) >>> 0);
  const rows = r.segments.map((x) => [
    String(x.index), x.t.toFixed(1), x.from === "client" ? "client →" : "← server", `[${x.flags}]`,
    x.from === "client" ? rel(x.seq, r.iss.client) : "", x.from === "server" ? rel(x.ack, r.iss.client) : "", String(x.len), String(x.win),
    x.sack.map((b) => `${rel(b.left, r.iss.client)}-${rel(b.right, r.iss.client)}`).join(" "), x.kind, x.fate === "delivered" ? "" : x.fate,
    x.state ? `${x.state.cwnd}/${x.state.ssthresh === 0x7fff_ffff ? "∞" : x.state.ssthresh}` : "",
  ]);
  const s = r.summary;
  out(`${name} (seed ${r.seed}, ISS ${r.iss.client}; seq and ack relative to it); ${s.deliveredBytes} of ${s.bytes} bytes delivered by t=${s.endT} ms; `
    + `${s.retransmissions} retransmissions, ${s.fastRetransmits} fast retransmits, ${s.timeouts} timeouts, ${s.probes} probes\n\n`
    + table(["#", "t ms", "from", "flags", "seq", "ack", "len", "win", "sack", "kind", "fate", "cwnd/ssthresh"], rows)
    + "\n" + r.events.filter((e) => e.kind !== "dup_ack" && e.kind !== "out_of_order").map((e) => `${e.t.toFixed(1).padStart(8)} ${e.side.padEnd(6)} ${e.note.en}`).join("\n"));
  return 0;
}

const ints = (v: string, name: string) => v.split(",").map((x, i) => int(x.trim(), `${name} ${i + 1}`)!);

/** The issue-18 calculators: a result without its arithmetic as --json, else the arithmetic in English. */
function cmdLimit(cmd: LimitCommand, args: string[]): number {
  const json = flag(args, "--json");
  let r: { steps: Bi[] } & Record<string, unknown>;
  switch (cmd) {
    case "mss":
      r = { ...mssFromMtu({ mtu: int(required(args, "--mtu"), "--mtu")!, family: flag(args, "--ipv6") ? "ipv6" : "ipv4", timestamps: flag(args, "--timestamps"), peerMss: int(option(args, "--peer-mss"), "--peer-mss"), bytes: int(option(args, "--bytes"), "--bytes") }) };
      break;
    case "wscale":
      r = { ...scaledWindow({ win: int(required(args, "--win"), "--win")!, wscale: int(option(args, "--wscale"), "--wscale") ?? 0, rttMs: int(option(args, "--rtt"), "--rtt") }) };
      break;
    case "ports": {
      const m = /^(\d{1,5})-(\d{1,5})$/.exec(required(args, "--range"));
      if (!m) throw new BadArgs("--range must be LOW-HIGH, e.g. 32768-60999");
      r = { ...ephemeralPorts({ low: Number(m[1]), high: Number(m[2]), destinations: int(option(args, "--destinations"), "--destinations"), rate: int(option(args, "--rate"), "--rate") }) };
      break;
    }
    case "framing":
      r = { ...frameReads({ header: int(option(args, "--header"), "--header") ?? 4, messages: ints(required(args, "--messages"), "message"), reads: ints(required(args, "--reads"), "read") }) };
      break;
    case "keepalive":
      r = { ...keepaliveSchedule({ time: int(required(args, "--time"), "--time")!, intvl: int(required(args, "--intvl"), "--intvl")!, probes: int(required(args, "--probes"), "--probes")! }) };
      break;
    case "syn-retries": {
      const synack = flag(args, "--synack");
      r = { ...synRetries({ side: synack ? "synack" : "syn", retries: int(required(args, "--retries"), "--retries")!, linear: int(option(args, "--linear"), "--linear") }) };
      break;
    }
    case "give-up":
      r = { ...retransmitGiveUp({ retries2: int(required(args, "--retries2"), "--retries2")!, rto: int(required(args, "--rto"), "--rto")! }) };
      break;
    case "nagle":
      r = { ...nagleStall({ rtt: int(required(args, "--rtt"), "--rtt")!, delayedAck: int(required(args, "--delayed-ack"), "--delayed-ack")! }) };
      break;
    case "accept-queue":
      r = { ...acceptQueue({ backlog: int(required(args, "--backlog"), "--backlog")!, somaxconn: int(required(args, "--somaxconn"), "--somaxconn")!, completed: int(option(args, "--completed"), "--completed") }) };
      break;
  }
  noneLeft(args);
  const { steps, ...result } = r;
  out(json ? JSON.stringify(result) : steps.map((s) => s.en).join("\n"));
  return 0;
}

/** Runs one of congestion, rto, window, cubic, transfer and the issue-18 calculators; returns the exit code. */
export function runTransferCommand(cmd: "congestion" | "rto" | "window" | "cubic" | "transfer" | LimitCommand, argv: string[]): number {
  const args = [...argv];
  try {
    if ((LIMIT_COMMANDS as readonly string[]).includes(cmd)) return cmdLimit(cmd as LimitCommand, args);
    if (cmd === "congestion") return cmdCongestion(args);
    if (cmd === "rto") return cmdRto(args);
    if (cmd === "transfer") return cmdTransfer(args);
    if (cmd === "cubic") return cmdCubic(args);
    return cmdWindow(args);
  } catch (e) {
    if (e instanceof BadArgs || e instanceof TransferInputError) {
      process.stderr.write(`tcp ${cmd}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
