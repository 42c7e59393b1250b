/**
 * Production-incident drills (issue 18): the parameters of a host are drawn afresh per attempt, the
 * incident model of lib/tcp/incident.ts runs them, and the exhibit (ss, netstat -s, sysctls, a
 * handler) and the answers (root cause, a number read off the table) come from the model. Nothing
 * is written by hand but the handler templates and the wording.
 * Pure; `rand` returns [0, 1).
 */
import {
  INCIDENT_CAUSES,
  renderHistogram,
  renderNetstat,
  renderSs,
  renderSsSummary,
  runIncident,
  SS_STATE,
  stateCounts,
  type IncidentCause,
  type IncidentParams,
  type IncidentResult,
} from "@/lib/tcp/incident";
import type { TransferCalc } from "./schema";
import type { TransferInstance } from "./transfer";

type Bi = { en: string; zh: string };
type IncidentCalc = Extract<TransferCalc, { kind: "incident" }>;

export const CAUSE_LABELS: Record<IncidentCause, Bi> = {
  "close-wait-leak": { en: "the application never closes some connections (CLOSE-WAIT leak)", zh: "应用有连接从不关闭（CLOSE-WAIT 泄漏）" },
  "time-wait-exhaustion": { en: "short client connections exhaust ports in TIME-WAIT", zh: "短连接客户端的 TIME-WAIT 耗尽了端口" },
  "syn-flood": { en: "a SYN flood fills the SYN queue", zh: "SYN 洪水占满了半连接队列" },
  "accept-overflow": { en: "the accept loop is too slow: the accept queue overflows", zh: "accept 循环太慢：全连接队列溢出" },
};

const pick = (lo: number, hi: number, rand: () => number) => lo + Math.floor(rand() * (hi - lo + 1));
const of = <T>(xs: readonly T[], rand: () => number) => xs[Math.floor(rand() * xs.length)];

/** A ten-line handler per cause; comments in the learner's language. */
function handler(cause: IncidentCause, p: IncidentParams, lang: "en" | "zh"): string {
  const c = (en: string, zh: string) => (lang === "en" ? en : zh);
  switch (cause) {
    case "close-wait-leak":
      return [
        `def handle(conn):                      # ${c("one thread per accepted connection", "每个已接受的连接一个线程")}`,
        `    req = read_request(conn)`,
        `    try:`,
        `        data = backend.query(req, timeout=2)`,
        `    except BackendTimeout:`,
        `        log.warning("backend timeout")`,
        `        return                         # ${c(`about one request in ${p.server!.leakOneIn}`, `大约每 ${p.server!.leakOneIn} 个请求一次`)}`,
        `    conn.sendall(render(data))`,
        `    conn.recv(1)                       # ${c("wait for the client's FIN", "等客户端的 FIN")}`,
        `    conn.close()`,
      ].join("\n");
    case "time-wait-exhaustion":
      return [
        `def get_session(user_id):              # ${c(`called ${p.outbound!.ratePerS} times a second`, `每秒调用 ${p.outbound!.ratePerS} 次`)}`,
        `    s = socket.create_connection(("${p.outbound!.peer}", ${p.outbound!.port}))`,
        `    try:`,
        `        s.sendall(b"GET session:%d\\r\\n" % user_id)`,
        `        return s.recv(4096)`,
        `    except OSError as e:`,
        `        log.error("connect: %s", e)     # ${c("errno 99 in the log", "日志里是 errno 99")}`,
        `        raise`,
        `    finally:`,
        `        s.close()                      # ${c("this side closes first", "这一端先关闭")}`,
      ].join("\n");
    case "syn-flood":
      return [
        `srv = socket.socket()`,
        `srv.bind(("0.0.0.0", ${p.server!.port}))`,
        `srv.listen(${p.server!.backlog})`,
        `while True:`,
        `    conn, addr = srv.accept()          # ${c("returns at once: the loop keeps up", "立即返回：循环跟得上")}`,
        `    pool.submit(handle, conn)          # ${c("a worker replies and closes", "工作线程应答并关闭")}`,
        ``,
        `def handle(conn):`,
        `    conn.sendall(reply(read_request(conn)))`,
        `    conn.close()`,
      ].join("\n");
    case "accept-overflow":
      return [
        `srv = socket.socket()`,
        `srv.bind(("0.0.0.0", ${p.server!.port}))`,
        `srv.listen(${p.server!.backlog})`,
        `while True:`,
        `    conn, addr = srv.accept()`,
        `    req = read_request(conn)`,
        `    resp = render(req)                 # ${c(`about ${p.server!.acceptEveryMs} ms of CPU`, `约 ${p.server!.acceptEveryMs} 毫秒 CPU`)}`,
        `    conn.sendall(resp)`,
        `    conn.recv(1)                       # ${c("the client's FIN", "客户端的 FIN")}`,
        `    conn.close()                       # ${c("then the next accept()", "然后才下一次 accept()")}`,
      ].join("\n");
  }
}

/** The host's parameters for one attempt, drawn from `rand`. */
export function drawIncidentParams(cause: IncidentCause, rand: () => number): IncidentParams {
  const seed = Math.floor(rand() * 2 ** 32) >>> 0;
  switch (cause) {
    case "close-wait-leak":
      return {
        seed,
        atMs: pick(40, 90, rand) * 1000,
        rttMs: pick(1, 20, rand),
        sysctls: { tcp_fin_timeout: of([30, 60], rand) },
        server: { port: of([8080, 9000, 3000], rand), backlog: 511, acceptEveryMs: 0, replyAfterMs: pick(10, 60, rand), closes: "on-eof", leakOneIn: pick(5, 20, rand) },
        clients: { ratePerS: pick(5, 15, rand), requestBytes: pick(200, 800, rand), closeAfterReplyMs: 0 },
      };
    case "time-wait-exhaustion": {
      const lo = of([40000, 50000, 55000], rand);
      const span = pick(10, 25, rand) * 100;
      const rate = Math.ceil((span / 60) * (1.3 + rand() * 0.7));
      return {
        seed,
        atMs: pick(70, 100, rand) * 1000,
        rttMs: pick(1, 5, rand),
        sysctls: { ip_local_port_range: [lo, lo + span - 1], tcp_tw_reuse: of([0, 2] as const, rand), tcp_fin_timeout: of([15, 30, 60], rand) },
        outbound: { ratePerS: rate, peer: `10.0.${pick(1, 9, rand)}.${pick(2, 250, rand)}`, port: of([6379, 3306, 80], rand), holdMs: pick(1, 5, rand) },
      };
    }
    case "syn-flood":
      return {
        seed,
        atMs: pick(10, 30, rand) * 1000,
        rttMs: pick(20, 80, rand),
        sysctls: { tcp_syncookies: of([0, 1] as const, rand) },
        server: { port: 443, backlog: of([128, 256, 511, 1024], rand), acceptEveryMs: 0, replyAfterMs: 5, closes: "on-eof", leakOneIn: 0 },
        clients: { ratePerS: pick(2, 10, rand), requestBytes: 300, closeAfterReplyMs: 0 },
        flood: { ratePerS: pick(5, 20, rand) * 100, startMs: pick(1, 5, rand) * 1000 },
      };
    case "accept-overflow": {
      const every = pick(20, 60, rand);
      const somaxconn = of([128, 4096], rand);
      const backlog = of([64, 128, 511], rand);
      const rate = Math.ceil((1000 / every) * (1.5 + rand()));
      // ss runs 5–20 s after the accept queue (min(backlog, somaxconn) + 1) has filled at rate − 1000/every per second
      const fill = (Math.min(backlog, somaxconn) + 1) / (rate - 1000 / every);
      return {
        seed,
        atMs: (Math.ceil(fill) + pick(5, 20, rand)) * 1000,
        rttMs: pick(1, 10, rand),
        sysctls: { somaxconn },
        server: { port: of([8080, 9000], rand), backlog, acceptEveryMs: every, replyAfterMs: 0, closes: "on-eof", leakOneIn: 0 },
        clients: { ratePerS: rate, requestBytes: pick(100, 400, rand), closeAfterReplyMs: 0 },
      };
    }
  }
}

const HEAD = 8;

function exhibit(r: IncidentResult, cause: IncidentCause, lang: "en" | "zh"): string {
  const s = r.sysctls;
  const sysctls: string[] = [];
  const sys = (k: string, v: string | number) => sysctls.push(`${k} = ${v}`);
  if (cause === "time-wait-exhaustion") {
    sys("net.ipv4.ip_local_port_range", s.ip_local_port_range.join("\t"));
    sys("net.ipv4.tcp_tw_reuse", s.tcp_tw_reuse);
    sys("net.ipv4.tcp_fin_timeout", s.tcp_fin_timeout);
    sys("net.ipv4.tcp_max_tw_buckets", s.tcp_max_tw_buckets);
  } else {
    sys("net.core.somaxconn", s.somaxconn);
    sys("net.ipv4.tcp_max_syn_backlog", s.tcp_max_syn_backlog);
    sys("net.ipv4.tcp_syncookies", s.tcp_syncookies);
    sys("net.ipv4.tcp_fin_timeout", s.tcp_fin_timeout);
  }
  const ss = renderSs(r.rows).split("\n");
  const more = r.rows.length + 1 - HEAD;
  const lines = [
    `$ ss -tan | awk '{print $1}' | LC_ALL=C sort | uniq -c`,
    renderHistogram(r.rows).trimEnd(),
    `$ ss -tan | head -${HEAD}`,
    ss.slice(0, HEAD).join("\n"),
    ...(more > 0 ? [lang === "en" ? `(${more} more lines)` : `（另有 ${more} 行）`] : []),
    `$ ss -s | grep TCP:`,
    renderSsSummary(r).trimEnd(),
    `$ netstat -s | sed -n '/TcpExt/,/IpExt/p'   # ${lang === "en" ? "counters since boot, relevant lines" : "开机以来的计数，相关行"}`,
    renderNetstat(r.counters).trimEnd(),
    `$ sysctl ...`,
    ...sysctls,
  ];
  if (cause === "time-wait-exhaustion" && r.app.connectFailures > 0)
    lines.push(`$ grep -c "Cannot assign requested address" app.log`, String(r.app.connectFailures));
  return lines.join("\n");
}

const ASK: Record<IncidentCalc["ask"], { label: Bi }> = {
  "close-wait-count": { label: { en: "How many connections are in CLOSE-WAIT?", zh: "有多少条连接处于 CLOSE-WAIT？" } },
  "syn-recv-count": { label: { en: "How many connections are in SYN-RECV?", zh: "有多少条连接处于 SYN-RECV？" } },
  "accept-queue": { label: { en: "How many connections wait in the listener's accept queue?", zh: "监听套接字的全连接队列里有多少条连接在等 accept()？" } },
  "time-wait-count": { label: { en: "How many sockets are in TIME-WAIT?", zh: "有多少个套接字处于 TIME-WAIT？" } },
};

function answerNumber(ask: IncidentCalc["ask"], r: IncidentResult): number {
  const counts = stateCounts(r.rows);
  switch (ask) {
    case "close-wait-count":
      return counts.CLOSE_WAIT ?? 0;
    case "syn-recv-count":
      return counts.SYN_RECEIVED ?? 0;
    case "accept-queue":
      return r.rows.find((x) => x.state === "LISTEN")?.recvQ ?? 0;
    case "time-wait-count":
      return counts.TIME_WAIT ?? 0;
  }
}

const WHY: Record<IncidentCalc["ask"], (max: number, r: IncidentResult) => Bi> = {
  "close-wait-count": () => ({
    en: "CLOSE-WAIT has no timer: each one waits for the application's close() (RFC 9293 §3.10.4); tcp_fin_timeout does not apply.",
    zh: "CLOSE-WAIT 没有定时器：每条都在等应用调用 close()（RFC 9293 §3.10.4）；tcp_fin_timeout 管不到它。",
  }),
  "syn-recv-count": (max) => ({
    en: `SYN-RECV is capped at min(backlog, somaxconn) + 1 = ${max + 1} (inet_csk_reqsk_queue_is_full(), Linux 6.13+), not by tcp_max_syn_backlog.`,
    zh: `SYN-RECV 的上限是 min(backlog, somaxconn) + 1 = ${max + 1}（inet_csk_reqsk_queue_is_full()，Linux 6.13 起），不是 tcp_max_syn_backlog。`,
  }),
  "accept-queue": (max) => ({
    en: `A listener's Recv-Q is its accept queue, Send-Q its limit min(backlog, somaxconn) = ${max}; sk_acceptq_is_full() is \`>\`, so it holds ${max + 1}.`,
    zh: `监听套接字的 Recv-Q 是全连接队列长度，Send-Q 是上限 min(backlog, somaxconn) = ${max}；sk_acceptq_is_full() 用的是 \`>\`，所以能放 ${max + 1} 条。`,
  }),
  "time-wait-count": (_max, r) => {
    const ports = r.sysctls.ip_local_port_range[1] - r.sysctls.ip_local_port_range[0] + 1;
    const rate = r.params.outbound!.ratePerS;
    return {
      en: `TIME-WAIT lasts TCP_TIMEWAIT_LEN = 60 s whatever tcp_fin_timeout (${r.sysctls.tcp_fin_timeout}) says: ${rate}/s × 60 s = ${rate * 60} connections would need a port, the range has ${ports}.`,
      zh: `TIME-WAIT 固定持续 TCP_TIMEWAIT_LEN = 60 秒，与 tcp_fin_timeout（${r.sysctls.tcp_fin_timeout}）无关：每秒 ${rate} 条 × 60 秒 = ${rate * 60} 条连接需要端口，而端口范围只有 ${ports} 个。`,
    };
  },
};

export class IncidentDrawError extends Error {}

/**
 * The model costs 0.1–0.4 s per run (tens of thousands of simulated segments); the same draw is
 * needed twice per practice answer (shown, then graded) and on every render of the bank page. Its
 * result depends on the parameters only, so the last few runs are kept (bounded: learners' attempts
 * draw new parameters).
 */
const MODEL_CACHE_SIZE = 32;
const modelCache = new Map<string, IncidentResult>();
function runIncidentCached(params: IncidentParams): IncidentResult {
  const key = JSON.stringify(params);
  const hit = modelCache.get(key);
  if (hit) {
    modelCache.delete(key);
    modelCache.set(key, hit); // most recently used last
    return hit;
  }
  const r = runIncident(params);
  modelCache.set(key, r);
  if (modelCache.size > MODEL_CACHE_SIZE) modelCache.delete(modelCache.keys().next().value!);
  return r;
}

export function drawIncident(calc: IncidentCalc, rand: () => number): TransferInstance {
  const params = drawIncidentParams(calc.cause, rand);
  const r = runIncidentCached(params);
  if (r.key.cause !== calc.cause) throw new IncidentDrawError(`the model diagnoses ${r.key.cause}, not ${calc.cause} (seed ${params.seed})`);
  const n = answerNumber(calc.ask, r);
  const k = r.key;
  const counterText = k.counter ? `${k.counter} = ${r.counters[k.counter]}` : null;
  const pile = k.pile ? `${SS_STATE[k.pile]} × ${k.pileCount}` : "—";
  const max = params.server ? Math.min(params.server.backlog, r.sysctls.somaxconn) : 0;
  return {
    kind: "incident",
    given: [
      { en: "Host snapshot (drawn for this attempt):", zh: "主机快照（本次随机生成）：" },
    ],
    exhibit: { en: exhibit(r, calc.cause, "en"), zh: exhibit(r, calc.cause, "zh") },
    handler: { en: handler(calc.cause, params, "en"), zh: handler(calc.cause, params, "zh") },
    fields: [
      {
        key: "cause",
        label: { en: "Root cause", zh: "根因" },
        kind: "choice",
        options: INCIDENT_CAUSES.map((c) => ({ id: c, label: CAUSE_LABELS[c] })),
      },
      { key: "number", label: ASK[calc.ask].label, kind: "number" },
    ],
    expected: { cause: k.cause, number: n },
    steps: [
      { en: `Cause: ${CAUSE_LABELS[calc.cause].en}.`, zh: `根因：${CAUSE_LABELS[calc.cause].zh}。` },
      { en: `The state that piles up: ${pile}.`, zh: `堆积的状态：${pile}。` },
      counterText
        ? { en: `The counter that moves: ${counterText}.`, zh: `在涨的计数器：${counterText}。` }
        : { en: "No kernel counter moves for this cause.", zh: "这个根因没有内核计数器在涨。" },
      WHY[calc.ask](max, r),
      { en: `Answer: ${n}.`, zh: `答案：${n}。` },
      { en: `Fix: ${k.fix.en}`, zh: `修复：${k.fix.zh}` },
    ],
  };
}
