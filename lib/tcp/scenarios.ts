/**
 * Named scenarios (issue 4 §2), deterministic for a given seed. Each one sets up the two endpoints
 * and a script of user calls; a call runs once the network is quiet unless it says otherwise.
 */
import type { Bilingual, Problem, ScenarioInfo, SimOptions } from "./types";
import { Simulator, type Action, type SimRun } from "./simulator";
import { SYN, type Segment } from "./segment";
import { seqAdd } from "./seq";

interface Scenario extends ScenarioInfo {
  setup(sim: Simulator, o: Required<Pick<SimOptions, "payload">>): void;
}

const b = (en: string, zh: string): Bilingual => ({ zh, en });
const client = (run: (s: Simulator) => void, extra: Partial<Action> = {}): Action => ({ run, ...extra });

/** The usual opening: server listens, client connects. */
function open(sim: Simulator): void {
  sim.ep.server.listen();
  sim.ep.client.connect(sim.issOf.client);
  sim.flush("client");
}
function writeAll(sim: Simulator, side: "client" | "server", lens: number[]): Action[] {
  return lens.map((len): Action => ({ run: (s: Simulator) => void s.ep[side].write(len), call: { side, kind: "write" } }));
}
function exchange(sim: Simulator, p: { client?: number[]; server?: number[] }): Action[] {
  return [...writeAll(sim, "client", p.client ?? [100]), ...writeAll(sim, "server", p.server ?? [200])];
}
const close = (side: "client" | "server", extra: Partial<Action> = {}): Action => ({ run: (s) => void s.ep[side].close(), call: { side, kind: "close" }, ...extra });

const SCENARIOS: Scenario[] = [
  {
    name: "client-close",
    title: b("Open, exchange data, client closes first", "建立连接、交换数据、客户端先关闭"),
    description: b(
      "Three-way handshake, a request and a response, then the client sends the first FIN: the client goes FIN_WAIT_1 → FIN_WAIT_2 → TIME_WAIT, the server CLOSE_WAIT → LAST_ACK → CLOSED.",
      "三次握手、一次请求和响应，然后客户端先发 FIN：客户端经历 FIN_WAIT_1 → FIN_WAIT_2 → TIME_WAIT，服务器经历 CLOSE_WAIT → LAST_ACK → CLOSED。"),
    setup(sim, o) {
      open(sim);
      sim.then(...exchange(sim, o.payload), close("client"), close("server"));
    },
  },
  {
    name: "server-close",
    title: b("Open, exchange data, server closes first", "建立连接、交换数据、服务器先关闭"),
    description: b(
      "Same as client-close but the server sends the first FIN, so the server is the one that waits in TIME_WAIT — whoever closes first pays TIME_WAIT.",
      "与 client-close 相同，但服务器先发 FIN，因此停留在 TIME_WAIT 的是服务器——谁先关闭，谁就承担 TIME_WAIT。"),
    setup(sim, o) {
      open(sim);
      sim.then(...exchange(sim, o.payload), close("server"), close("client"));
    },
  },
  {
    name: "lost-syn",
    title: b("The first SYN is lost", "第一个 SYN 丢失"),
    description: b(
      "The network drops the client's SYN; the server never hears of it and stays in LISTEN. After the initial RTO of 1 s the client sends the SYN again and the handshake completes.",
      "网络丢弃了客户端的 SYN；服务器毫不知情，仍处于 LISTEN。初始 RTO 1 秒后客户端重传 SYN，握手完成。"),
    setup(sim, o) {
      sim.addFault(0, "drop");
      open(sim);
      sim.then(...exchange(sim, o.payload), close("client"), close("server"));
    },
  },
  {
    name: "lost-syn-ack",
    title: b("The SYN-ACK is lost", "SYN-ACK 丢失"),
    description: b(
      "The server is in SYN_RECEIVED, the client still in SYN_SENT. Both time out after 1 s: the client resends its SYN (the server, following the RFC, answers the duplicate with a bare ACK; Linux would resend the SYN-ACK) and the server resends its SYN-ACK, which completes the handshake.",
      "服务器处于 SYN_RECEIVED，客户端仍处于 SYN_SENT。双方 1 秒后都超时：客户端重传 SYN（服务器按 RFC 对重复 SYN 只回一个 ACK；Linux 则会重发 SYN-ACK），服务器重传 SYN-ACK，握手由此完成。"),
    setup(sim, o) {
      sim.addFault(1, "drop");
      open(sim);
      sim.then(...exchange(sim, o.payload), close("client"), close("server"));
    },
  },
  {
    name: "lost-third-ack",
    title: b("The third ACK is lost and the client stays silent", "第三次握手的 ACK 丢失，客户端保持沉默"),
    description: b(
      "The client is ESTABLISHED, the server still SYN_RECEIVED. The server's SYN-ACK timer fires; the client answers the retransmitted SYN-ACK with an ACK, and only then is the server ESTABLISHED.",
      "客户端已 ESTABLISHED，服务器仍是 SYN_RECEIVED。服务器的 SYN-ACK 定时器到期重传；客户端对重传的 SYN-ACK 回 ACK，服务器这才进入 ESTABLISHED。"),
    setup(sim, o) {
      sim.addFault(2, "drop");
      open(sim);
      sim.then(...exchange(sim, o.payload), close("client"), close("server"));
    },
  },
  {
    name: "lost-third-ack-data",
    title: b("The third ACK is lost but the client sends data at once", "第三次握手的 ACK 丢失，但客户端立即发送数据"),
    description: b(
      "The client's first data segment carries the same ACK, so the server enters ESTABLISHED when the data arrives and no retransmission is needed: the lost ACK does not matter.",
      "客户端的第一个数据段带着同样的 ACK，服务器收到数据时就进入 ESTABLISHED，无需任何重传：丢失的 ACK 无关紧要。"),
    setup(sim, o) {
      sim.addFault(2, "drop");
      open(sim);
      const [first = 100, ...rest] = o.payload.client ?? [100];
      sim.then(
        client((s) => void s.ep.client.write(first), { ready: (s) => s.ep.client.state === "ESTABLISHED", delay: 1, call: { side: "client", kind: "write" } }),
        ...writeAll(sim, "client", rest), ...writeAll(sim, "server", o.payload.server ?? [200]),
        close("client"), close("server"));
    },
  },
  {
    name: "lost-last-ack",
    title: b("The last ACK is lost: TIME_WAIT absorbs the retransmitted FIN", "最后一个 ACK 丢失：TIME_WAIT 吸收重传的 FIN"),
    description: b(
      "The client's ACK of the server's FIN is lost. The server in LAST_ACK retransmits its FIN after 1 s; the client, still in TIME_WAIT, acknowledges it again and restarts its 2MSL timer. Both end CLOSED cleanly.",
      "客户端对服务器 FIN 的 ACK 丢失。处于 LAST_ACK 的服务器 1 秒后重传 FIN；仍在 TIME_WAIT 的客户端再次确认并重启 2MSL 定时器。双方都干净地进入 CLOSED。"),
    setup(sim, o) {
      open(sim);
      sim.dropIf = (from, _seg, s) => from === "client" && s.ep.client.state === "TIME_WAIT";
      sim.then(...exchange(sim, o.payload), close("client"), close("server"));
    },
  },
  {
    name: "no-time-wait",
    title: b("The last ACK is lost and the client skipped TIME_WAIT", "最后一个 ACK 丢失，而客户端跳过了 TIME_WAIT"),
    description: b(
      "Same loss, but this client deletes its TCB instead of waiting in TIME_WAIT. The server's retransmitted FIN reaches a closed port and is answered with an RST, so the server ends with \"connection reset\" instead of a clean close — the first reason TIME_WAIT exists.",
      "同样的丢包，但这个客户端不在 TIME_WAIT 等待，而是直接删除 TCB。服务器重传的 FIN 到达已关闭的端口，被回以 RST，服务器以\"连接被重置\"而不是正常关闭告终——这正是 TIME_WAIT 存在的第一个理由。"),
    setup(sim, o) {
      open(sim);
      sim.skipTimeWait.client = true;
      sim.dropIf = (from, _seg, s) => from === "client" && s.ep.client.state === "CLOSED" && s.ep.client.closedBy === "graceful";
      sim.then(...exchange(sim, o.payload), close("client"), close("server"));
    },
  },
  {
    name: "simultaneous-open",
    title: b("Simultaneous open", "同时打开"),
    description: b(
      "Both ends send a SYN before receiving the other's (RFC 9293 Figure 7): each goes SYN_SENT → SYN_RECEIVED on the peer's SYN, answers with SYN-ACK, and enters ESTABLISHED on the peer's SYN-ACK. Four segments, no listener.",
      "双方都在收到对方 SYN 之前发出自己的 SYN（RFC 9293 图 7）：各自在收到对端 SYN 时从 SYN_SENT 进入 SYN_RECEIVED，回复 SYN-ACK，再在收到对端 SYN-ACK 时进入 ESTABLISHED。共四个报文段，没有监听方。"),
    setup(sim, o) {
      sim.ep.client.connect(sim.issOf.client);
      sim.flush("client");
      sim.then(
        { ready: () => true, delay: 1, run: (s) => void s.ep.server.connect(s.issOf.server) },
        ...exchange(sim, o.payload), close("client"), close("server"));
    },
  },
  {
    name: "simultaneous-close",
    title: b("Simultaneous close", "同时关闭"),
    description: b(
      "Both ends call close() at the same moment, so the FINs cross (RFC 9293 Figure 13): each goes FIN_WAIT_1 → CLOSING on the other's FIN, then TIME_WAIT on the ACK — both sides wait 2MSL.",
      "双方同时调用 close()，两个 FIN 在途中交错（RFC 9293 图 13）：各自在收到对方 FIN 时从 FIN_WAIT_1 进入 CLOSING，收到 ACK 后进入 TIME_WAIT——双方都要等待 2MSL。"),
    setup(sim, o) {
      open(sim);
      sim.then(...exchange(sim, o.payload),
        close("client"),
        close("server", { ready: () => true, delay: 1 }));
    },
  },
  {
    name: "closed-port",
    title: b("Connecting to a closed port", "连接一个关闭的端口"),
    description: b(
      "Nothing listens: the server host answers the SYN with <SEQ=0><ACK=SYN+1><CTL=RST,ACK> (tcpdump: [R.], seq 0), and the client's connect() fails with \"connection refused\".",
      "没有进程监听：服务器主机对 SYN 回以 <SEQ=0><ACK=SYN+1><CTL=RST,ACK>（tcpdump 显示 [R.], seq 0），客户端的 connect() 以\"连接被拒绝\"失败。"),
    setup(sim) {
      sim.ep.client.connect(sim.issOf.client);
      sim.flush("client");
    },
  },
  {
    name: "abortive-close",
    title: b("Abortive close with RST", "用 RST 异常关闭"),
    description: b(
      "After some data the client aborts (close() with SO_LINGER 0): one RST, no FIN handshake, no TIME_WAIT. The server's connection is reset at once.",
      "交换数据后客户端异常终止（SO_LINGER 为 0 时 close()）：只有一个 RST，没有 FIN 挥手，也没有 TIME_WAIT。服务器的连接立即被重置。"),
    setup(sim, o) {
      open(sim);
      sim.then(...exchange(sim, o.payload), { run: (s) => void s.ep.client.abort(), call: { side: "client", kind: "abort" } });
    },
  },
  {
    name: "old-duplicate-syn",
    title: b("An old duplicate SYN arrives late", "一个旧的重复 SYN 迟到了"),
    description: b(
      "RFC 9293 Figure 8: a SYN from an earlier incarnation reaches the server before the new one. The server answers it; the client sees a SYN-ACK that acknowledges a SYN it did not send and replies with RST, which sends the server back to LISTEN; the real SYN then opens the connection. With a two-way handshake the server would already have opened a connection for the stale SYN — the third segment is what lets the client refuse it.",
      "RFC 9293 图 8：早先连接的一个 SYN 比新的 SYN 先到达服务器。服务器回应它；客户端看到一个确认了它没发过的 SYN 的 SYN-ACK，于是回 RST，让服务器回到 LISTEN；随后真正的 SYN 建立连接。如果只有两次握手，服务器早已为这个过期 SYN 建立了连接——正是第三个报文段让客户端得以拒绝它。"),
    setup(sim, o) {
      sim.ep.server.listen();
      sim.ep.client.connect(sim.issOf.client);
      sim.addFault(0, "delay");
      sim.flush("client");
      sim.inject("client", { seq: seqAdd(sim.issOf.client, -10_000), ack: 0, flags: SYN, len: 0 } satisfies Segment, 5, b(
        "An old duplicate SYN from an earlier connection on the same ports, still wandering in the network.",
        "同一对端口上早先连接遗留的旧重复 SYN，仍在网络中游荡。"));
      sim.then(...exchange(sim, o.payload), close("client"), close("server"));
    },
  },
  {
    name: "half-close",
    title: b("Half-close: the client stops sending, the server keeps talking", "半关闭：客户端停止发送，服务器继续发送"),
    description: b(
      "The client sends its request and shutdown(SHUT_WR): FIN_WAIT_1 → FIN_WAIT_2. The server, in CLOSE_WAIT, still sends its response in several segments, which the client receives in FIN_WAIT_2; then the server closes.",
      "客户端发送请求后 shutdown(SHUT_WR)：FIN_WAIT_1 → FIN_WAIT_2。处于 CLOSE_WAIT 的服务器仍分几段发送响应，客户端在 FIN_WAIT_2 中接收；随后服务器关闭。"),
    setup(sim, o) {
      open(sim);
      sim.then(...writeAll(sim, "client", o.payload.client ?? [100]), close("client"),
        ...writeAll(sim, "server", o.payload.server ?? [300, 300, 300]), close("server"));
    },
  },
  {
    name: "syn-flood",
    title: b("SYN flood without SYN cookies", "没有 SYN cookie 时的 SYN 洪泛"),
    description: b(
      "Spoofed SYNs keep the listener's SYN queue full (each half-open entry lives until tcp_synack_retries = 5 run out, about 63 s, and the flood refills it). The legitimate client's SYNs are dropped silently; it retransmits at 1, 2, 3, 4, 5, 7, 11, 19, 35 and 67 s (Linux 6.5+: tcp_syn_linear_timeouts = 4 one-second timeouts, then doubling; tcp_syn_retries = 6 + 4 retransmissions) and connect() times out at about 131 s. Before 6.5 the timeouts doubled from the start: 1, 3, 7, 15, 31, 63 s and about 127 s.",
      "伪造的 SYN 使监听方的 SYN 队列一直是满的（每个半连接要等 tcp_synack_retries = 5 次重传用完，约 63 秒，而洪泛会立即补满）。合法客户端的 SYN 被静默丢弃；它在 1、2、3、4、5、7、11、19、35、67 秒重传（Linux 6.5 起：先有 tcp_syn_linear_timeouts = 4 次 1 秒的超时，之后翻倍；共 tcp_syn_retries = 6 + 4 次重传），约 131 秒时 connect() 超时。6.5 之前超时从一开始就翻倍：1、3、7、15、31、63 秒，约 127 秒。"),
    setup(sim) {
      sim.listener = { synQueue: 128, acceptQueue: 128, synCookies: false, flood: 128 };
      open(sim);
    },
  },
  {
    name: "syn-flood-cookies",
    title: b("SYN flood with SYN cookies", "开启 SYN cookie 时的 SYN 洪泛"),
    description: b(
      "The same flood, with SYN cookies on (Linux tcp_syncookies = 1): when the SYN queue is full the listener answers with a SYN-ACK whose ISS encodes the connection and keeps no state; the client's ACK returns the cookie and the server goes from LISTEN straight to ESTABLISHED. The client connects at once.",
      "同样的洪泛，但开启了 SYN cookie（Linux tcp_syncookies = 1）：SYN 队列满时，监听方回复 ISS 编码了连接信息的 SYN-ACK，不保留任何状态；客户端的 ACK 带回 cookie，服务器直接从 LISTEN 进入 ESTABLISHED。客户端立即连上。"),
    setup(sim, o) {
      sim.listener = { synQueue: 128, acceptQueue: 128, synCookies: true, flood: 128 };
      open(sim);
      sim.then(...exchange(sim, o.payload), close("client"), close("server"));
    },
  },
  {
    name: "accept-queue-full",
    title: b("Accept queue full: the application does not call accept()", "全连接队列已满：应用程序不调用 accept()"),
    description: b(
      "The server application called listen() with a small backlog but never calls accept(), so completed connections pile up in the accept queue. Our client's SYN still finds room and is answered, but another client's handshake completes while the SYN-ACK is in flight and takes the last place. The client, ESTABLISHED after the SYN-ACK, sends its ACK; the listener finds the accept queue full and, with Linux's default tcp_abort_on_overflow = 0, drops it. The server stays SYN_RECEIVED: its SYN-ACK timer resends the SYN-ACK at 1, 3, 7, 15 and 31 s, the client acknowledges each one, each ACK is dropped again, and after tcp_synack_retries = 5 the server forgets the half-open connection silently. The client is left believing it is connected to a server that has no such connection; its first request will be answered with RST. (With tcp_abort_on_overflow = 1 the listener would answer the first ACK with RST at once. While the accept queue is full, Linux also drops new SYNs without a reply. RFC 9293 leaves queue limits to the implementation.)",
      "服务器应用以很小的 backlog 调用了 listen()，却从不调用 accept()，已完成的连接在全连接（accept）队列里越积越多。我们的客户端的 SYN 还能找到位置并得到回应，但在 SYN-ACK 途中，另一个客户端完成了握手，占掉了最后一个位置。客户端收到 SYN-ACK 后进入 ESTABLISHED 并发出 ACK；监听方发现全连接队列已满，在 Linux 默认的 tcp_abort_on_overflow = 0 下把它丢弃。服务器仍是 SYN_RECEIVED：它的 SYN-ACK 定时器在 1、3、7、15、31 秒重发 SYN-ACK，客户端每次都回 ACK，每个 ACK 又被丢弃；tcp_synack_retries = 5 次之后服务器悄悄丢掉这个半连接。客户端以为自己连上了，服务器却没有这条连接；它的第一个请求将收到 RST。（若 tcp_abort_on_overflow = 1，监听方会立即用 RST 回应第一个 ACK。全连接队列满时，Linux 还会不作回复地丢弃新的 SYN。RFC 9293 把队列上限留给实现决定。）"),
    setup(sim) {
      // listen(fd, 2): Linux holds backlog + 1 = 3 completed connections; two are already waiting
      sim.listener = { synQueue: 128, acceptQueue: 3, accepted: 2, abortOnOverflow: false, synCookies: false, flood: 0 };
      open(sim);
      // another client's handshake completes while our SYN-ACK is in flight: now the queue is full
      sim.then({ ready: () => true, delay: 15, run: (s) => void (s.listener!.accepted = (s.listener!.accepted ?? 0) + 1) });
    },
  },
  {
    name: "syn-data",
    title: b("Data in the SYN without TCP Fast Open", "不使用 TCP Fast Open 时在 SYN 中携带数据"),
    description: b(
      "The client puts its request on the SYN without a Fast Open cookie. RFC 9293 allows data on a SYN but the receiver cannot deliver it before the handshake completes, and it is dropped (Linux discards it): the SYN-ACK acknowledges only the SYN and the client sends the data again — a full round trip lost.",
      "客户端在没有 Fast Open cookie 的情况下把请求放进 SYN。RFC 9293 允许 SYN 携带数据，但握手完成前接收方不能交付它，最终被丢弃（Linux 直接丢弃）：SYN-ACK 只确认 SYN，客户端重新发送数据——白白多花一个往返。"),
    setup(sim, o) {
      sim.ep.server.listen();
      const [first = 100, ...rest] = o.payload.client ?? [100];
      sim.ep.client.connect(sim.issOf.client, first, false);
      sim.flush("client");
      sim.problems.push({ index: 0, code: "syn_data_without_tfo", message: SYN_DATA_PROBLEM(first) });
      sim.steps[0].problems.push(sim.problems[0]);
      sim.then(...writeAll(sim, "client", rest), ...writeAll(sim, "server", o.payload.server ?? [200]),
        close("client"), close("server"));
    },
  },
  {
    name: "tcp-fast-open",
    title: b("Data in the SYN with TCP Fast Open", "使用 TCP Fast Open 在 SYN 中携带数据"),
    description: b(
      "The client holds a Fast Open cookie from an earlier connection and sends its request on the SYN with the cookie (RFC 7413). The server validates the cookie, delivers the data at once and acknowledges it in the SYN-ACK, so the response can leave one round trip earlier.",
      "客户端持有早先连接得到的 Fast Open cookie，把请求连同 cookie 放进 SYN（RFC 7413）。服务器校验 cookie 后立即交付数据，并在 SYN-ACK 中确认，响应因此能提前一个往返发出。"),
    setup(sim, o) {
      sim.ep.server.tfoServer = true;
      sim.ep.server.listen();
      const [first = 100, ...rest] = o.payload.client ?? [100];
      sim.ep.client.connect(sim.issOf.client, first, true);
      sim.flush("client");
      sim.then(...writeAll(sim, "client", rest), ...writeAll(sim, "server", o.payload.server ?? [200]),
        close("client"), close("server"));
    },
  },
];

export const SYN_DATA_PROBLEM = (len: number): Bilingual => b(
  `The SYN carries ${len} bytes but no TCP Fast Open option: a receiver cannot accept data before the handshake completes, so it will be dropped and must be sent again (RFC 9293 §3.10.7.2; only RFC 7413 Fast Open delivers SYN data).`,
  `该 SYN 携带 ${len} 字节却没有 TCP Fast Open 选项：握手完成前接收方不能接受数据，它会被丢弃并必须重发（RFC 9293 §3.10.7.2；只有 RFC 7413 的 Fast Open 才会交付 SYN 中的数据）。`);

const BY_NAME = new Map(SCENARIOS.map((s) => [s.name, s]));

export function listScenarios(): ScenarioInfo[] {
  return SCENARIOS.map(({ name, title, description }) => ({ name, title, description }));
}

export class UnknownScenarioError extends Error {
  constructor(readonly scenario: string) {
    super(`unknown scenario: ${scenario} (known: ${SCENARIOS.map((s) => s.name).join(", ")})`);
  }
}

/** Run a named scenario. Deterministic for a given seed and options. */
export function runScenario(name: string, opts: SimOptions = {}): SimRun {
  const sc = BY_NAME.get(name);
  if (!sc) throw new UnknownScenarioError(name);
  const seed = (opts.seed ?? 1) >>> 0;
  const sim = new Simulator(name, seed, opts);
  sc.setup(sim, { payload: opts.payload ?? {} });
  sim.run();
  return sim.result();
}

export function simulate(name: string, opts?: SimOptions): { scenario: string; seed: number; steps: import("./types").SimStep[]; problems: Problem[] } & SimRun {
  return runScenario(name, opts);
}
