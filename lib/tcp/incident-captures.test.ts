/**
 * The incident model against real Linux dumps (lib/tcp/captures/incidents, recorded by record.py in a
 * fresh network namespace on Linux 6.18.44 with iproute2 6.1): the model, given the same parameters,
 * must show the same states, counts, queue figures and counters.
 *
 * Where it cannot: ports and the order of rows (the kernel lists sockets in hash order and picks
 * ephemeral ports with its own offset) are compared as sets; `ss -s`'s total and "closed" count
 * sockets the model does not know (see renderSsSummary); the local server of the time-wait capture is
 * not part of the model (its listener row is left out).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runIncident, renderSs, ssSummary, SS_STATE, type IncidentParams, type SsRow } from "./incident";
import { TCP_STATES, type TcpState } from "./types";

const DIR = path.join(import.meta.dirname, "captures", "incidents");
const read = (f: string) => readFileSync(path.join(DIR, f), "utf8");
const meta = (name: string) => JSON.parse(read(`${name}.json`));

const FROM_SS = Object.fromEntries(TCP_STATES.map((s) => [SS_STATE[s], s])) as Record<string, TcpState>;

/** Parse `ss -tan` output back into rows. */
function parseSs(text: string): SsRow[] {
  return text
    .trimEnd()
    .split("\n")
    .slice(1)
    .map((l) => {
      const [st, rq, sq, local, peer] = l.trim().split(/\s+/);
      return { state: FROM_SS[st], recvQ: Number(rq), sendQ: Number(sq), local, peer };
    });
}
const nstat = (name: string) =>
  Object.fromEntries(
    read(`${name}.nstat.txt`)
      .trim()
      .split("\n")
      .map((l) => l.split(/\s+/))
      .map(([k, v]) => [k.replace(/^TcpExt/, ""), Number(v)]),
  );
/** state, queues and the side of the connection (listening port or not), without the ephemeral ports */
const shape = (rows: SsRow[], serverPort: number) =>
  rows
    .map((r) => `${SS_STATE[r.state]} ${r.recvQ} ${r.sendQ} ${r.local.endsWith(`:${serverPort}`) ? "server" : "client"}`)
    .sort();
const summaryLine = (name: string) => read(`${name}.summary.txt`).split("\n").find((l) => l.startsWith("TCP:"))!;

describe("ss -tan rendering", () => {
  it.each(["close-wait", "accept-overflow", "time-wait"])("renders the rows of the real %s dump byte for byte as ss does into a file", (name) => {
    const text = read(`${name}.ss.txt`);
    expect(renderSs(parseSs(text))).toBe(text);
  });
});

describe("the model against the real dumps", () => {
  it("close-wait: a handler that replies and never closes leaves every server socket in CLOSE-WAIT with the unread FIN as Recv-Q 1", () => {
    const m = meta("close-wait");
    const p: IncidentParams = {
      seed: 1,
      atMs: m.atMs,
      rttMs: 0,
      loopback: true,
      server: { port: m.port, backlog: 128, acceptEveryMs: 0, replyAfterMs: 0, closes: "on-eof", leakOneIn: 1 },
      clients: { ratePerS: 1000 / m.intervalMs, count: m.connections, requestBytes: m.requestBytes, closeAfterReplyMs: 0 },
    };
    const r = runIncident(p);
    const real = parseSs(read("close-wait.ss.txt"));
    expect(shape(r.rows, m.port)).toEqual(shape(real, m.port));
    expect(r.key).toMatchObject({ cause: "close-wait-leak", pile: "CLOSE_WAIT" });
    const n = nstat("close-wait");
    expect(r.counters.TW).toBe(n.TW); // the orphans' FIN-WAIT-2 are timewait sockets
    expect(r.counters.ListenOverflows).toBe(n.ListenOverflows);
    const s = ssSummary(r);
    expect(summaryLine("close-wait")).toMatch(new RegExp(`estab ${s.estab}, closed \\d+, orphaned ${s.orphaned}, timewait ${s.timewait}\\)`));
  });

  it("accept-overflow: backlog 2 and no accept(): Recv-Q 3 = backlog + 1, the later clients stay SYN-SENT and every SYN they send counts", () => {
    const m = meta("accept-overflow");
    const r = runIncident({
      seed: 2,
      atMs: m.atMs,
      rttMs: 0,
      loopback: true,
      server: { port: m.port, backlog: m.backlog, acceptEveryMs: null, replyAfterMs: 0, closes: "on-eof", leakOneIn: 0 },
      clients: { ratePerS: 1000 / m.intervalMs, count: m.connections, requestBytes: 0, closeAfterReplyMs: null },
    });
    const real = parseSs(read("accept-overflow.ss.txt"));
    expect(shape(r.rows, m.port)).toEqual(shape(real, m.port));
    expect(real.find((x) => x.state === "LISTEN")).toMatchObject({ recvQ: m.backlog + 1, sendQ: m.backlog });
    const n = nstat("accept-overflow");
    expect(r.counters.ListenOverflows).toBe(n.ListenOverflows);
    expect(r.counters.ListenDrops).toBe(n.ListenDrops);
    expect(r.counters.SyncookiesSent).toBe(n.SyncookiesSent);
    expect(r.key).toMatchObject({ cause: "accept-overflow", counter: "ListenOverflows" });
    const s = ssSummary(r);
    expect(summaryLine("accept-overflow")).toMatch(new RegExp(`estab ${s.estab}, closed \\d+, orphaned ${s.orphaned}, timewait ${s.timewait}\\)`));
  });

  it("time-wait: 30 short connections over 20 ephemeral ports: 20 in TIME-WAIT holding every port, 10 connect() failures", () => {
    const m = meta("time-wait");
    const r = runIncident({
      seed: 3,
      atMs: m.atMs,
      rttMs: 0,
      loopback: true,
      sysctls: { ip_local_port_range: m.sysctls.ip_local_port_range, tcp_tw_reuse: 0 },
      outbound: { ratePerS: 1000 / m.intervalMs, count: m.attempts, peer: "127.0.0.2", port: m.port, holdMs: 0 },
    });
    const real = parseSs(read("time-wait.ss.txt")).filter((x) => x.state !== "LISTEN");
    const rows = (xs: SsRow[]) => xs.map((x) => `${SS_STATE[x.state]} ${x.recvQ} ${x.sendQ} ${x.local} ${x.peer}`).sort();
    expect(rows(r.rows)).toEqual(rows(real));
    expect(r.app.connectFailures).toBe(m.failed);
    expect(r.app.connected).toBe(m.connected);
    expect(r.counters.TW).toBe(nstat("time-wait").TW);
    expect(r.key).toMatchObject({ cause: "time-wait-exhaustion", pile: "TIME_WAIT" });
    expect(summaryLine("time-wait")).toMatch(new RegExp(`timewait ${ssSummary(r).timewait}\\)`));
  });
});
