/**
 * The incident model (lib/tcp/incident.ts): Linux 6.18's queue limits, timers and counters, and the
 * answer key computed from the model. The real dumps are compared in incident-captures.test.ts.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  IncidentInputError,
  renderHistogram,
  renderNetstat,
  runIncident,
  stateCounts,
  TIMEWAIT_LEN_MS,
  type IncidentParams,
} from "./incident";

const server = (o: Partial<NonNullable<IncidentParams["server"]>> = {}): NonNullable<IncidentParams["server"]> => ({
  port: 8080,
  backlog: 128,
  acceptEveryMs: 0,
  replyAfterMs: 5,
  closes: "on-eof",
  leakOneIn: 0,
  ...o,
});

describe("SYN flood", () => {
  const flood = (syncookies: 0 | 1) =>
    runIncident({
      seed: 5,
      atMs: 20_000,
      rttMs: 30,
      sysctls: { tcp_syncookies: syncookies },
      server: server({ backlog: 256 }),
      clients: { ratePerS: 4, requestBytes: 100, closeAfterReplyMs: 0 },
      flood: { ratePerS: 500, startMs: 2_000 },
    });
  it("with syncookies the SYN queue holds backlog + 1 requests, cookies answer the rest and every client still gets in", () => {
    const r = flood(1);
    expect(stateCounts(r.rows).SYN_RECEIVED).toBe(257);
    expect(r.counters.SyncookiesSent).toBeGreaterThan(1000);
    expect(r.counters.TCPReqQFullDoCookies).toBe(r.counters.SyncookiesSent);
    expect(r.counters.SyncookiesRecv).toBeGreaterThan(0);
    expect(r.counters.ListenDrops).toBe(0);
    expect(r.app.connected).toBe(r.app.started);
    expect(r.key).toMatchObject({ cause: "syn-flood", pile: "SYN_RECEIVED", counter: "SyncookiesSent" });
  });
  it("without syncookies SYNs are dropped (TCPReqQFullDrop, ListenDrops) and real clients wait for their SYN retransmissions", () => {
    const r = flood(0);
    expect(r.counters.TCPReqQFullDrop).toBeGreaterThan(1000);
    expect(r.counters.ListenDrops).toBeGreaterThanOrEqual(r.counters.TCPReqQFullDrop);
    expect(r.counters.SyncookiesSent).toBe(0);
    expect(r.app.connected).toBeLessThan(r.app.started);
    expect(r.key).toMatchObject({ cause: "syn-flood", counter: "ListenDrops" });
  });
  it("SYN-RECV from a flood no one answers is pruned: with the queue full of old requests the oldest live 7 s (2 retransmissions), not 63 s", () => {
    // reqsk_timer_handler: more than half of max(8, backlog) in the queue and no young ones → fewer retries
    const at = (t: number, count: number) =>
      stateCounts(runIncident({ seed: 1, atMs: t, rttMs: 10, server: server({ backlog: 64 }), flood: { ratePerS: 1000, startMs: 2_000, count } }).rows).SYN_RECEIVED ?? 0;
    expect(at(2_500, 65)).toBe(65);
    // each request's timer looks at the queue when it fires: once the old ones are pruned down to half,
    // the rest keep their five retransmissions
    expect(at(2_000 + 6_900, 65)).toBe(65);
    const after7 = at(2_000 + 7_100, 65);
    expect(after7).toBeGreaterThan(0);
    expect(after7).toBeLessThanOrEqual(32);
    expect(at(2_000 + 63_100, 65)).toBe(0);
    // a queue at most half full keeps tcp_synack_retries = 5: 63 s
    expect(at(2_000 + 62_900, 20)).toBe(20);
    expect(at(2_000 + 63_100, 20)).toBe(0);
  });
});

describe("accept queue", () => {
  it("a client whose SYN is dropped on a full accept queue retries at 1, 2, 3, 4, 5, 7, 11 s (tcp_syn_linear_timeouts = 4) and each try counts", () => {
    const drops = (t: number) =>
      runIncident({
        seed: 2,
        atMs: t,
        rttMs: 0,
        loopback: true,
        server: server({ backlog: 0, acceptEveryMs: null }),
        clients: { ratePerS: 1000, count: 2, requestBytes: 0, closeAfterReplyMs: null },
      }).counters.ListenOverflows;
    // backlog 0 still lets one connection in (sk_acceptq_is_full is `>`); the second client's SYNs are dropped
    expect([500, 1_500, 2_500, 3_500, 4_500, 6_500, 10_500, 18_500].map(drops)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
  it("a slow accept loop keeps the listener's Recv-Q at backlog + 1 and moves ListenOverflows", () => {
    const r = runIncident({ seed: 3, atMs: 30_000, rttMs: 4, server: server({ backlog: 64, acceptEveryMs: 40 }), clients: { ratePerS: 50, requestBytes: 200, closeAfterReplyMs: 0 } });
    expect(r.rows[0]).toMatchObject({ state: "LISTEN", recvQ: 65, sendQ: 64 });
    expect(r.key).toMatchObject({ cause: "accept-overflow", counter: "ListenOverflows" });
    expect(r.counters.ListenOverflows).toBeGreaterThan(0);
  });
  it("somaxconn caps the backlog: Send-Q = min(backlog, somaxconn)", () => {
    const r = runIncident({ seed: 3, atMs: 100, rttMs: 4, sysctls: { somaxconn: 16 }, server: server({ backlog: 511 }) });
    expect(r.rows[0]).toMatchObject({ state: "LISTEN", recvQ: 0, sendQ: 16 });
  });
});

describe("CLOSE-WAIT", () => {
  it("only leaked connections stay in CLOSE-WAIT, whatever tcp_fin_timeout is, each with the unread FIN in Recv-Q", () => {
    for (const fin of [5, 60]) {
      const r = runIncident({ seed: 4, atMs: 120_000, rttMs: 10, sysctls: { tcp_fin_timeout: fin }, server: server({ leakOneIn: 10 }), clients: { ratePerS: 10, requestBytes: 50, closeAfterReplyMs: 0 } });
      const cw = r.rows.filter((x) => x.state === "CLOSE_WAIT");
      expect(cw.length).toBe(r.app.leaked);
      expect(cw.every((x) => x.recvQ === 1 && x.sendQ === 0)).toBe(true);
      expect(r.key).toMatchObject({ cause: "close-wait-leak", pile: "CLOSE_WAIT", pileCount: cw.length, counter: null });
    }
  });
});

describe("TIME-WAIT", () => {
  const tw = (o: Partial<IncidentParams> & { sysctls?: IncidentParams["sysctls"] }) =>
    runIncident({ seed: 6, atMs: 30_000, rttMs: 1, outbound: { ratePerS: 10, peer: "10.0.0.9", port: 6379, holdMs: 1 }, ...o });
  it("lasts 60 s (TCP_TIMEWAIT_LEN) whatever tcp_fin_timeout says", () => {
    for (const fin of [5, 30, 60]) {
      const r = tw({ atMs: 90_000, sysctls: { tcp_fin_timeout: fin } });
      expect(Math.max(...r.timeWaitExpiries)).toBeLessThanOrEqual(TIMEWAIT_LEN_MS);
      expect(stateCounts(r.rows).TIME_WAIT).toBeGreaterThanOrEqual(595);
      expect(stateCounts(r.rows).TIME_WAIT).toBeLessThanOrEqual(601);
    }
  });
  it("runs a narrow port range dry (connect() fails) unless tcp_tw_reuse takes over sockets older than 1 s", () => {
    const sys = { ip_local_port_range: [40000, 40019] as [number, number] };
    expect(tw({ sysctls: { ...sys, tcp_tw_reuse: 0 } }).app.connectFailures).toBeGreaterThan(0);
    expect(tw({ sysctls: { ...sys, tcp_tw_reuse: 1 } }).app.connectFailures).toBe(0);
    // 2 = loopback only: a remote peer gets no reuse
    expect(tw({ sysctls: { ...sys, tcp_tw_reuse: 2 } }).app.connectFailures).toBeGreaterThan(0);
  });
  it("tcp_max_tw_buckets caps TIME-WAIT; the rest are destroyed at once and counted as TCPTimeWaitOverflow", () => {
    const r = tw({ sysctls: { tcp_max_tw_buckets: 100 } });
    expect(stateCounts(r.rows).TIME_WAIT).toBe(100);
    expect(r.counters.TCPTimeWaitOverflow).toBe(r.app.connected - 100);
    expect(r.key).toMatchObject({ cause: "time-wait-exhaustion", counter: "TCPTimeWaitOverflow" });
    expect(renderNetstat(r.counters)).toContain(`TCPTimeWaitOverflow: ${r.counters.TCPTimeWaitOverflow}`);
  });
});

describe("rendering", () => {
  it("the histogram is `awk '{print $1}' | LC_ALL=C sort | uniq -c`: counts right-aligned in 7 columns, the header counted", () => {
    const rows = [
      { state: "TIME_WAIT" as const, recvQ: 0, sendQ: 0, local: "a:1", peer: "b:2" },
      { state: "LISTEN" as const, recvQ: 0, sendQ: 5, local: "a:1", peer: "0.0.0.0:*" },
      { state: "SYN_RECEIVED" as const, recvQ: 0, sendQ: 0, local: "a:1", peer: "b:3" },
      { state: "TIME_WAIT" as const, recvQ: 0, sendQ: 0, local: "a:1", peer: "b:4" },
    ];
    expect(renderHistogram(rows)).toBe("      1 LISTEN\n      1 SYN-RECV\n      1 State\n      2 TIME-WAIT\n");
  });
  it("netstat -s prints only the counters that moved, in netstat's words", () => {
    const r = runIncident({ seed: 3, atMs: 1000, rttMs: 4, server: server() });
    expect(renderNetstat(r.counters)).toBe("TcpExt:\n");
    const c = { ...r.counters, ListenOverflows: 3, ListenDrops: 3 };
    expect(renderNetstat(c)).toBe("TcpExt:\n    3 times the listen queue of a socket overflowed\n    3 SYNs to LISTEN sockets dropped\n");
  });
});

describe("input", () => {
  it("is validated: bad numbers and missing parts throw IncidentInputError", () => {
    const ok: IncidentParams = { seed: 1, atMs: 1000, rttMs: 1, server: server() };
    expect(() => runIncident(ok)).not.toThrow();
    for (const bad of [
      { ...ok, atMs: -1 },
      { ...ok, seed: 1.5 },
      { ...ok, sysctls: { ip_local_port_range: [5000, 4000] as [number, number] } },
      { ...ok, sysctls: { tcp_syncookies: 3 as 0 } },
      { ...ok, server: undefined, clients: { ratePerS: 1, requestBytes: 0, closeAfterReplyMs: null } },
      { ...ok, flood: { ratePerS: 0, startMs: 0 } },
      { ...ok, outbound: { ratePerS: 1, peer: "host", port: 80, holdMs: 0 } },
    ])
      expect(() => runIncident(bad as IncidentParams)).toThrow(IncidentInputError);
  });
});

describe("properties", () => {
  const arb = fc.record({
    seed: fc.nat(),
    atMs: fc.integer({ min: 0, max: 40_000 }),
    rttMs: fc.integer({ min: 0, max: 200 }),
    backlog: fc.integer({ min: 0, max: 64 }),
    somaxconn: fc.integer({ min: 0, max: 64 }),
    syncookies: fc.constantFrom(0 as const, 1 as const, 2 as const),
    acceptEveryMs: fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }),
    leakOneIn: fc.integer({ min: 0, max: 5 }),
    closes: fc.constantFrom("after-reply" as const, "on-eof" as const),
    rate: fc.integer({ min: 1, max: 60 }),
    requestBytes: fc.integer({ min: 0, max: 500 }),
    closeAfter: fc.option(fc.integer({ min: 0, max: 2_000 }), { nil: null }),
    flood: fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }),
    loopback: fc.boolean(),
    twBuckets: fc.integer({ min: 0, max: 200 }),
    finTimeout: fc.integer({ min: 1, max: 90 }),
  });
  type Drawn = typeof arb extends fc.Arbitrary<infer T> ? T : never;
  const run = (a: Drawn) =>
    runIncident({
      seed: a.seed,
      atMs: a.atMs,
      rttMs: a.rttMs,
      loopback: a.loopback,
      sysctls: { somaxconn: a.somaxconn, tcp_syncookies: a.syncookies, tcp_max_tw_buckets: a.twBuckets, tcp_fin_timeout: a.finTimeout },
      server: server({ backlog: a.backlog, acceptEveryMs: a.acceptEveryMs, leakOneIn: a.leakOneIn, closes: a.closes }),
      clients: { ratePerS: a.rate, requestBytes: a.requestBytes, closeAfterReplyMs: a.closeAfter },
      flood: a.flood ? { ratePerS: a.flood, startMs: 0 } : undefined,
    });

  it("a listener's Recv-Q never exceeds min(backlog, somaxconn) + 1 (sk_acceptq_is_full is `>`), nor SYN-RECV that (Linux 6.13+)", () => {
    fc.assert(
      fc.property(arb, (a) => {
        const r = run(a);
        const max = Math.min(a.backlog, a.somaxconn);
        expect(r.rows[0]).toMatchObject({ state: "LISTEN", sendQ: max });
        expect(r.rows[0].recvQ).toBeLessThanOrEqual(max + 1);
        expect(stateCounts(r.rows).SYN_RECEIVED ?? 0).toBeLessThanOrEqual(max + 1);
      }),
      { numRuns: 60 },
    );
  });
  it("timewait sockets (TIME-WAIT and the orphans' FIN-WAIT-2) never exceed tcp_max_tw_buckets", () => {
    fc.assert(
      fc.property(arb, (a) => {
        const r = run({ ...a, loopback: true });
        const c = stateCounts(r.rows);
        const fw2 = a.finTimeout <= 60 ? (c.FIN_WAIT_2 ?? 0) : 0;
        expect((c.TIME_WAIT ?? 0) + fw2).toBeLessThanOrEqual(a.twBuckets);
      }),
      { numRuns: 60 },
    );
  });
  it("connections are conserved: on loopback, with clients that never close, every client is a row, a connect() failure or a reset", () => {
    fc.assert(
      fc.property(arb, (a) => {
        const r = run({ ...a, loopback: true, closeAfter: null, flood: undefined });
        const clientRows = r.rows.filter((x) => !x.local.endsWith(":8080"));
        expect(clientRows.length + r.app.connectFailures + r.app.resets).toBe(r.app.started);
        // a client that is connected has its other end in the accept queue, accepted, SYN-RECV or forgotten
        expect(r.rows.filter((x) => x.local.endsWith(":8080") && x.state !== "LISTEN").length).toBeLessThanOrEqual(r.app.started);
      }),
      { numRuns: 60 },
    );
  });
  it("CLOSE-WAIT never outnumbers the leaked connections when the handler closes on end of file", () => {
    fc.assert(
      fc.property(arb, (a) => {
        const r = run({ ...a, closes: "on-eof", loopback: false });
        expect(stateCounts(r.rows).CLOSE_WAIT ?? 0).toBeLessThanOrEqual(r.app.leaked);
      }),
      { numRuns: 40 },
    );
  });
  it("the same parameters give the same tables", () => {
    fc.assert(
      fc.property(arb, (a) => {
        expect(run(a)).toEqual(run(a));
      }),
      { numRuns: 20 },
    );
  });
});
