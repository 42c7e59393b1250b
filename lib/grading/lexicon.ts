/**
 * The shared bilingual lexicon of TCP interview vocabulary (pure data).
 *
 * Key points and misconceptions in content/*.yaml name **concepts** from this table
 * (`peer + retransmit + fin`); they never re-list synonyms. One line per concept:
 *
 *     id kind: form | form | …           (forms in any language; the answer's language does not matter)
 *     id kind: form | … !! negform | …   (after `!!`: forms that are the concept negated, e.g. "收不到")
 *
 * Kinds:
 * - `e` entity (a thing: server, FIN, TIME_WAIT) — by default a claim accepts it negated or not;
 * - `p` predicate (an action or property: retransmit, lost, prevent) — by default a claim needs it
 *   asserted, `!id` needs it negated;
 * - `a` adverb-like predicate (separately, immediately, still …): negated like a predicate, but a
 *   negation passes through it to the verb it modifies ("不会被单独重传" negates 重传 too);
 * - `neg` negator; `block` a neutral word that only keeps its characters from being read as
 *   something else (依旧 is not 旧, 不断 is not a negation); `cbound` a word that starts a new clause;
 * - `hedge`: the candidate saying they are unsure ("我不太确定", "or was it…"): such an answer is never
 *   graded correct (an interviewer hears a guess);
 * - `refute` / `report`: words that say a claim is wrong ("这是错的", "myth") or only reported
 *   ("有人说", "some say"); a misconception in such a sentence is not asserted.
 *
 * Forms are tokenised like answers (lib/grading/analyze.ts): English words are stemmed, so list one
 * inflection ("retransmit" covers retransmits/retransmitted; "retransmission" stems differently and
 * is listed too); protocol atoms are written as the analyser writes them (`close_wait`, `syn_ack`,
 * `2msl`, `close()`, `plus1`, `st_closed` for an upper-case CLOSED). A form of one Han character
 * matches only where a Chinese word begins.
 */

export type ConceptKind = "e" | "p" | "a" | "neg" | "block" | "cbound" | "refute" | "report" | "hedge";

export interface Concept {
  id: string;
  kind: ConceptKind;
  forms: string[];
  negForms?: string[];
}

const TABLE = String.raw`
# ---- reliability, flow control, congestion control, sockets (second edition; RFC 9293, 5681, 6298, 2018, 2883, 1122, ip-sysctl)
snd-una e: snd una | snd_una | snd.una
snd-nxt e: snd nxt | snd_nxt | snd.nxt
snd-wnd e: snd wnd | snd.wnd
rcv-nxt e: rcv nxt | rcv_nxt | rcv.nxt
rcv-wnd e: rcv wnd | rcv.wnd
cwnd e: cwnd | snd_cwnd | 拥塞窗口 | congestion window | 拥塞窗口大小
ssthresh e: ssthresh | snd_ssthresh | 慢启动阈值 | 慢启动门限 | 阈值 | 门限 | slow start threshold | threshold
rwnd e: rwnd | rcv_wnd | snd_wnd | 接收窗口 | 通告窗口 | 通告的窗口 | 对端窗口 | 对方的窗口 | 接收方窗口 | 接收方的窗口 | 接收端窗口 | advertised window | receive window | receiver window | offered window | window field | 窗口字段
dup-ack e: 重复 ack | 重复的 ack | 重复确认 | 重复的确认 | 冗余 ack | 冗余确认 | duplicate ack | duplicate acks | duplicate acknowledgment | duplicate acknowledgments | duplicate acknowledgement | dup ack | dup acks | dupack | dupacks
three e: 三个 | 3 个 | 三 | 3 | three | 第三个 | 第 3 个
rto e: rto | rto_min | 重传超时 | 重传超时时间 | 超时重传时间 | 超时时间 | 重传定时器 | 重传计时器 | 重传时间 | retransmission timeout | retransmission timer | retransmit timer | retransmit timeout | timeout value | 超时值
srtt e: srtt | 平滑 rtt | 平滑的 rtt | 平滑往返时间 | 平滑值 | 加权平均 | 加权移动平均 | 指数加权 | 移动平均 | smoothed rtt | smoothed round trip time | weighted average | moving average | ewma | 平滑
rttvar e: rttvar | rtt 方差 | rtt 偏差 | rtt 的偏差 | rtt 的波动 | rtt 波动 | 平均偏差 | 偏差 | 方差 | 波动 | 抖动 | variance | deviation | mean deviation | variation | jitter | rtt variation
sample e: 样本 | 采样 | 测量 | 测得 | 测出 | 测 | sample | samples | measure | measured | measurement | measurements
karn e: karn | karn 算法 | karn's algorithm | karn algorithm
persist-timer e: 持续计时器 | 持续定时器 | 坚持计时器 | 坚持定时器 | 持久计时器 | 持久定时器 | persist timer | persistence timer | persist | 零窗口探测 | 窗口探测 | zero window probe | zero window probes | zero window probing | window probe | window probes
probe e: 探测 | 探测报文 | 探测包 | 探针 | probe | probes | probing | 保活报文 | 保活包
zero-window e: 零窗口 | 窗口为 0 | 窗口为零 | 0 窗口 | 窗口是 0 | 窗口变成 0 | 窗口降到 0 | 窗口变为 0 | 窗口通告为 0 | 通告 0 窗口 | zero window | window of zero | window of 0 | window is zero | window is 0 | window 0 | window to zero | window to 0 | window drops to zero | window of size zero
window-update e: 窗口更新 | 窗口更新报文 | 新窗口 | 更新窗口 | window update | window updates | reopen the window | reopens the window | reopened window | window opens | 窗口打开 | 窗口重新打开
deadlock e: 死锁 | 僵住 | 卡死 | 互相等待 | 相互等待 | 互相等 | deadlock | deadlocked | wait for each other | waits for the other | stall forever | wait forever | waits forever | 永远等
sws e: 糊涂窗口 | 糊涂窗口综合征 | 傻窗口 | silly window | silly window syndrome | sws
mss e: mss | 最大报文段长度 | 最大报文段 | 最大分段大小 | 最大段大小 | 最大段长度 | 最大报文长度 | maximum segment size | advmss
mtu e: mtu | 最大传输单元 | maximum transmission unit | path mtu | pmtu | 路径 mtu | 链路 mtu | link mtu
pmtud e: pmtud | 路径 mtu 发现 | mtu 发现 | path mtu discovery | plpmtud | tcp_mtu_probing | mtu 探测 | mtu probing
df-bit e: df | df 位 | df 标志 | df bit | df flag | don't fragment | do not fragment | dont fragment | 禁止分片 | 不允许分片 | 不许分片
fragment p: 分片 | 分成多片 | 切片 | fragment | fragments | fragmented | fragmentation | fragmenting | 碎片
icmp e: icmp | icmp 报文 | 需要分片 | fragmentation needed | packet too big | frag needed | 目的不可达 | destination unreachable
sack e: sack | sack 选项 | sack 块 | 选择确认 | 选择性确认 | 选择确认选项 | selective ack | selective acks | selective acknowledgment | selective acknowledgement | selective acknowledgments | sack block | sack blocks | sack_perm | sack permitted | sack_permitted | tcp_sack
dsack e: dsack | d sack | duplicate sack | 重复 sack | tcp_dsack
cumulative e: 累积 | 累计 | 累加 | cumulative | cumulatively
fast-retransmit e: 快速重传 | 快重传 | fast retransmit | fast retransmission | fast retransmits
fast-recovery e: 快速恢复 | 快恢复 | fast recovery
slow-start e: 慢启动 | 慢开始 | slow start | slow starting | 慢启动阶段
congestion-avoidance e: 拥塞避免 | 拥塞避免阶段 | congestion avoidance
congestion e: 拥塞 | 拥堵 | 网络拥塞 | 过载 | congestion | congested | overload | overloaded | network congestion
congestion-control e: 拥塞控制 | 拥塞控制算法 | 拥塞算法 | congestion control | congestion control algorithm | congestion controller | tcp_congestion_control
flow-control e: 流量控制 | 流控 | flow control
sliding-window e: 滑动窗口 | 滑窗 | 窗口滑动 | 窗口向前滑动 | 向前滑 | sliding window | window slides | slides forward | slide forward
halve p: 减半 | 砍半 | 一半 | 折半 | 减到一半 | 降到一半 | 除以 2 | 除以二 | 二分之一 | halve | halves | halved | halving | half | cut in half | by half
flight e: flightsize | flight size | 在途 | 在途数据 | 在途数据量 | 在飞 | in flight | inflight | bytes in flight | outstanding | 未确认 | 未被确认 | 已发送未确认 | 发出未确认 | unacknowledged | unacked | not yet acknowledged
min-of e: min | 取小的 | 小的那个 | 小的那一个 | smaller of the two | the smaller of the two | 最小值 | 较小值 | 较小者 | 取小 | 取最小 | 取较小 | 两者中较小 | 二者中较小 | 较小的那个 | 小的那个 | smaller of | lesser of | whichever is smaller | minimum of | the smaller
cubic e: cubic | tcp_cubic | 三次函数 | cubic function | 立方
bbr e: bbr | tcp_bbr | bbrv2 | bbrv3 | bbr v2 | bbr v3
reno e: reno | newreno | new reno | tcp reno
bandwidth e: 带宽 | 瓶颈带宽 | 吞吐 | 吞吐量 | 发送速率 | 投递速率 | 速率 | bandwidth | bottleneck bandwidth | btlbw | throughput | delivery rate | sending rate | rate
bdp e: bdp | 带宽时延积 | 带宽延迟积 | 时延带宽积 | 带宽时延乘积 | bandwidth delay product
min-rtt e: min rtt | minimum rtt | 最小 rtt | 最小往返时间 | 最小的 rtt | rtprop | min_rtt | round trip propagation time | propagation delay | 传播时延
bufferbloat e: bufferbloat | buffer bloat | 缓冲膨胀 | 缓冲区膨胀 | 排队时延 | 排队延迟 | queuing delay | queueing delay | 填满缓冲区 | fill the buffers | fills the buffers | fills buffers | 把缓冲区塞满
pacing e: pacing | pace | paces | paced | 节奏 | 步调 | 匀速 | 定速 | pacing rate
model e: 模型 | 建模 | model | model based | 基于模型 | 估计 | estimate | estimates | estimated
signal e: 信号 | 拥塞信号 | 指标 | 依据 | 判断依据 | signal | signals | indicator | indication
ecn e: ecn | 显式拥塞通知 | explicit congestion notification | ce 标记 | ce mark | ece | cwr | tcp_ecn
rtt-independent e: independent of the round trip time | independent of round trip time | 与 rtt 无关 | 不依赖 rtt | 不受 rtt 影响 | independent of rtt | rtt independent | regardless of rtt | 和 rtt 无关 | rtt fair | rtt fairness | rtt 公平
nagle e: nagle | nagle 算法 | nagle's algorithm | nagle algorithm | nagling
delayed-ack e: 延迟确认 | 延迟 ack | 延时确认 | 延时 ack | 推迟确认 | delayed ack | delayed acks | delayed acknowledgment | delayed acknowledgement | delayed acknowledgments | delack
nodelay e: tcp_nodelay | nodelay
quickack e: tcp_quickack | quickack
cork e: tcp_cork | cork | msg_more
small-segment e: 小包 | 小报文 | 小报文段 | 小数据 | 小数据包 | 小块数据 | 不满 mss | 不足一个 mss | 小于 mss | 不满一个 mss | small segment | small segments | small packet | small packets | tinygram | tinygrams | small write | small writes | small data | small chunks | partial segment | partial segments | less than an mss | less than a full segment | smaller than the mss
full-segment e: 满 mss | 满一个 mss | 凑满 | 攒够 | 攒满 | 一个完整的报文段 | 满的报文段 | full segment | full sized segment | full size segment | full mss | a full mss | mss worth | fills a segment | full-sized segment
forty-ms e: 40 ms | 40ms | 40 毫秒 | 40 milliseconds | 四十毫秒
byte-stream e: 字节流 | 流式 | 流式协议 | byte stream | stream of bytes | bytestream | stream oriented | stream based | 面向字节流
boundary e: 边界 | 消息边界 | 记录边界 | boundary | boundaries | message boundary | message boundaries | record boundaries
message e: 消息 | 一条消息 | 完整消息 | 完整的消息 | 业务消息 | 报文消息 | message | messages | complete message | whole message | application message | records | record
length-prefix e: 长度前缀 | 长度字段 | 长度头 | 消息长度 | 包体长度 | 消息头 | 帧头 | length prefix | length prefixed | length field | length header | content_length | content length | frame header | message length | size prefix
delimiter e: 分隔符 | 分割符 | 定界符 | 结束符 | 换行符 | 特殊字符 | delimiter | delimiters | separator | separators | terminator | newline | crlf | line ending
partial p: 半条 | 半个 | 不完整 | 残缺 | 不全 | 一部分 | 拆开 | 拆成 | 拆包 | 被拆 | partial | partially | incomplete | half a message | part of a message | split | splits | split up | torn
stick p: 粘包 | 粘在一起 | 粘连 | 连在一起 | 黏在一起 | 粘 | sticky | stuck together | glued | concatenated | coalesced | coalesce | run together | glued together | sticky packets
loop e: 循环 | 反复读 | 一直读 | 继续读 | 读满 | 读够 | 多次读 | loop | loops | keep reading | read again | read until | reads until | read more | looping | repeatedly
udp e: udp | 用户数据报协议 | user datagram protocol
connection-oriented e: 面向连接 | 有连接 | connection oriented | 建立连接后 | need a connection
setup p: 建立连接 | 建连接 | 建连 | 先建立 | set up | sets up | setup | open a connection | opens a connection !! 不用建连接 | 不建连接 | 无需建立连接 | 不需要建立连接 | no setup | no connection setup
connectionless e: 无连接 | 不用建立连接 | 不需要建立连接 | 不建立连接 | 无需建立连接 | 无需连接 | connectionless | no connection | without a connection | without connection setup | no handshake needed
reliable p: 可靠 | 可靠传输 | 可靠性 | 保证送达 | 保证到达 | reliable | reliability | reliably | guaranteed delivery | guarantees delivery | delivery guarantees !! 不可靠 | unreliable | best effort | 尽力而为 | 尽最大努力 | 不保证送达 | no delivery guarantee | no guarantee of delivery | not guaranteed
in-order p: 按序 | 有序 | 按顺序 | 保序 | 顺序 | 排好 | 排好序 | 重新排序 | 重排 | in order | in sequence | ordered | ordering | reorder | reordered into | put back in order | sorted !! 乱序 | 不保序 | 失序 | out of order | unordered | reordering | arrive in any order
broadcast e: 广播 | 多播 | 组播 | broadcast | multicast
realtime e: 实时 | 音视频 | 视频通话 | 语音通话 | 语音 | 直播 | 游戏 | 在线游戏 | real time | realtime | voice | video | video call | voip | gaming | game | games | live streaming | streaming | media
dns e: dns | dhcp | 域名解析 | ntp | snmp | syslog
quic e: quic | http/3 | http3 | h3 | http 3
latency e: 延时 | 时延 | 低延迟 | 低时延 | latency | low latency | latencies
tcp-keepalive e: so_keepalive | tcp keepalive | tcp keep alive | tcp 保活 | tcp 的保活 | tcp 的 keepalive | tcp 层的 keepalive | 保活 | 保活机制 | 保活探测 | 保活计时器 | tcp_keepalive_time | tcp_keepalive_intvl | tcp_keepalive_probes | tcp_keepidle | tcp_keepintvl | tcp_keepcnt | keepalive probe | keepalive probes | keepalive timer | keep alive probe | keep alive probes | keepalive 探测
http-keepalive e: http keep alive | http keepalive | http 的 keep alive | http 的 keepalive | http 长连接 | http 持久连接 | 持久连接 | 长连接 | 连接复用 | 复用连接 | persistent connection | persistent connections | connection keep alive | http/1.1 persistent
heartbeat e: 心跳 | 心跳包 | 应用层心跳 | 应用心跳 | heartbeat | heartbeats | ping pong | application level ping | application ping | app level heartbeat | application heartbeat
idle p: 空闲 | 闲置 | 没有数据 | 没有流量 | 无数据 | 无流量 | 不收发 | idle | idles | no traffic | quiet connection | no data
crash p: 崩溃 | 挂了 | 挂掉 | 被杀 | 被 kill | 被杀死 | 杀掉 | kill -9 | 异常退出 | 进程退出 | 退出 | crash | crashes | crashed | killed | segfault | segfaults | oom killed | exit | exits | exited | dies | died
power-off p: 宕机 | 断电 | 掉电 | 死机 | 主机宕机 | 机器宕机 | 主机挂了 | 关机 | 内核崩溃 | power off | powered off | power loss | power failure | loses power | lost power | host crash | host crashes | host crashed | host down | host goes down | host dies | kernel panic | panic | pulled the plug
reboot p: 重启 | 重新启动 | reboot | reboots | rebooted | rebooting | restart | restarts | restarted | comes back up | came back up | back up
unplug p: 拔网线 | 网线被拔 | 拔掉网线 | 拔了网线 | 拔线 | 断网 | 网线断了 | 链路断开 | 网络中断 | 网络断开 | unplug | unplugged | cable pulled | pulled cable | cable is pulled | pull the cable | pulled the cable | link down | network partition | cable cut
eof e: eof | 读到 0 | 返回 0 | 读返回 0 | 读到 eof | recv 返回 0 | read 返回 0 | end of file | 文件结束 | 0 字节 | read returns 0 | returns 0 | return 0 | returns zero | zero bytes
econnreset e: econnreset | connection reset by peer | reset by peer | 连接被重置 | 连接被对端重置 | 连接重置
etimedout e: etimedout | connection timed out | 连接超时
epipe e: epipe | sigpipe | broken pipe
retries2 e: tcp_retries2 | tcp_user_timeout | 15 分钟 | 十五分钟 | 15 minutes | fifteen minutes | 924.6 | 924 秒 | 924 seconds | 约 15 分钟 | about 15 minutes | 15 min
fd-limit e: ulimit | rlimit_nofile | nofile | nr_open | file_max | file max | limitnofile | 文件描述符上限 | 文件描述符数量 | 文件描述符限制 | 打开文件数 | 最大打开文件数 | open files | emfile | too many open files | fd limit | descriptor limit
eaddrnotavail e: eaddrnotavail | cannot assign requested address | 无法分配请求的地址 | 不能分配请求的地址 | cannot assign
refcount e: 引用计数 | 最后一个引用 | 引用 | 其他引用 | reference count | refcount | last reference | references | reference | fork | dup() | dup | 子进程 | child process | 其他进程 | another process | shared | 共享
shut-rd e: shut_rd
shut-wr e: shut_wr
unread e: 未读 | 没读 | 未读数据 | 没读完 | 没有读完 | 未读取 | 没有读取 | 还有数据没读 | 没读的数据 | unread | unread data | data still in the receive buffer | left in the receive buffer | 接收缓冲区里还有数据 | 接收缓冲区还有数据
middlebox e: 中间设备 | 防火墙 | 代理 | 网关 | 负载均衡器 | nginx | lvs | 云负载均衡 | middlebox | middleboxes | firewall | firewalls | proxy | proxies | gateway | lb | conntrack | 连接跟踪
tcpdump e: tcpdump | wireshark | tshark | 抓包 | packet capture | capture
sender e: 发送方 | 发送端 | 发送者 | 发端 | sender | sending side | the sender | 发方
receiver e: 接收方 | 接收端 | 接收者 | 收端 | receiver | receiving side | the receiver | 收方
buffer e: 缓冲区 | 接收缓冲区 | 发送缓冲区 | 缓冲 | 内核缓冲区 | 缓存 | buffer | buffers | receive buffer | send buffer | socket buffer | recv-q | send-q | recv_q | send_q
slow-down p: 慢下来 | 放慢 | 减速 | 降速 | 少发 | 停止发送 | 停发 | 暂停发送 | 不再发送 | 停下 | 别发 | 降低发送速率 | slow down | slows down | slowing down | stop sending | stops sending | pause | pauses | back off | throttle | throttles | hold off | holds off
increase p: 增加 | 增大 | gain | gains | gained | 加 | 加上 | 增长 | 上升 | 变大 | 扩大 | 涨 | increase | increases | increased | grow | grows | grew | add | adds | added | raise | raises | enlarge | bump
# ---- states
listen-state e: st_listen | listen 状态 | listen state | listening state | 监听状态 | 监听
syn-sent e: syn_sent
syn-received e: syn_received | syn_rcvd | syn_recv
established e: st_established | established | estab | 已建立 | 建立连接 | 连接建立 | 建立好 | 建好 | 已连接 | 连接已建立 | 连上 | connection is up | connected | 连接成功 | 建立成功
fin-wait-1 e: fin_wait_1 | fin_wait1
fin-wait-2 e: fin_wait_2 | fin_wait2
fin-wait e: fin_wait
close-wait e: close_wait
closing-state e: st_closing | closing 状态 | closing state
last-ack-state e: last_ack
time-wait e: time_wait | tw 状态 | tw
closed-state e: st_closed | closed 状态 | closed state
state e: 状态 | state | states
# ---- segments, fields and numbers
syn e: syn | syn 报文 | syn 包 | syn 段 | 同步报文 | 连接请求 | connection request | connect request | 建连请求 | 第一次握手 | 握手请求
syn-ack e: syn_ack | 第二次握手 | 第二个报文 | 第二个包 | second segment | second packet | second handshake
fin e: fin | fin 报文 | fin 包 | fin 段 | fin segment | fin packet | 结束报文 | 关闭请求
ack e: ack | 确认 | acknowledge | acked | ack 报文 | ack 包 | 确认报文 | 确认包 | 应答 | 第三次握手 | 第四次挥手 | acknowledgment | acknowledgement | 回执
rst e: rst | reset | 复位 | 重置 | rst 报文 | rst 包 | connection reset
data e: 请求内容 | 内容 | 请求体 | content | 数据 | data | payload | 载荷 | 负载 | 业务数据 | 请求数据 | 应用数据 | 字节 | bytes | byte
segment e: 报文 | 报文段 | segment | packet | 包 | 分组 | 数据包 | datagram | 帧 | frame | 段
isn e: isn | 初始序列号 | 初始序号 | 初始序列 | initial sequence number | initial sequence | 起始序号 | 起始序列号 | iss | irs | 初始编号
seq-number e: 序列号 | 序号 | seq | sequence number | sequence | 序列编号 | 编号 | sequence space | 序列号空间 | 序号空间
ack-number e: 确认号 | ack 号 | acknowledgment number | acknowledgement number | ack number | ack 值 | 确认序号 | ack 字段
window e: 窗口 | window | rwnd | 接收窗口 | window size | 窗口大小
cookie e: cookie | cookies | 令牌 | token | fast open cookie | tfo cookie
syn-cookie e: syncookies | syncooky | syn cookie | syn cookies | tcp_syncookies | syn_cookie
timestamp e: 时间戳 | timestamp | tcp_timestamps | tsval | 时间标记
four-tuple e: four_tuple | 四元组 | 地址和端口 | 源地址端口
port e: ephemeral range | ephemeral ports | local port range | 临时端口范围 | free port | 空闲端口 | 端口 | port | 端口号 | ephemeral port | 临时端口 | 本地端口 | 源端口 | ip_local_port_range | port range | 端口范围
address e: 地址 | ip | address | 源地址 | ip 地址 | 源 ip | source address | source ip | ip address | ip addresses
bits e: 位 | bit | 比特 | 字段 | field
header e: 首部 | 头部 | header | 报头 | tcp 头
msl e: msl | 最大报文生存时间 | maximum segment lifetime | 报文最大生存时间 | 2msl
rtt e: rtt | 往返 | 往返时间 | round trip | round trips | 来回 | 一个来回 | 一次往返 | 一个往返
handshake e: 握手 | handshake | handshaking
three-way e: 三次握手 | 三路握手 | three way handshake | three way | 3 way | 3 次握手 | 三个报文 | three segments | 3 segments | three packets
two-way e: 两次握手 | 二次握手 | 两路握手 | two way handshake | two way | 2 way | 两个报文 | two segments | 2 segments | two packets | 2 次握手 | 两次 | two messages
four-way e: 四次挥手 | four way | 4 way | four segments | 4 segments | 四个报文 | 四次
teardown e: 挥手 | teardown | 断开连接 | 关闭过程 | close sequence
connection e: 连接 | connection | 会话 | session | 链接 | socket | 套接字 | sockets | fd | 文件描述符 | file descriptor
# ---- sides and actors
client e: 客户端 | 客户机 | client | 发起方 | 发起端 | 主动打开方 | 主动方 | 请求方 | 调用方 | caller
server e: 服务端 | 服务器 | server | 服务器端 | 服务方 | 服务端口 | 后端 | backend | 接收方 | 被连接方 | listener | 监听方
active-closer e: 主动关闭方 | 主动关闭的一方 | 主动关闭的那一方 | 主动关闭端 | 主动断开方 | 主动断开的一方 | 先关闭的一方 | 先关闭的那一方 | 先发 fin 的一方 | 先发送 fin 的一方 | 先发起关闭的一方 | 主动关闭 | active closer | active close | active side | the side that closes first | the side that closed first | the end that closes first | the one that closes first | closes first | closed first | initiates the close | initiated the close | 先关闭
passive-closer e: 被动关闭方 | 被动关闭的一方 | 被动关闭端 | 被动方 | 被关闭方 | 被动关闭 | passive closer | passive close | passive side | the other side's close
peer e: 对面 | 对面那边 | 另一头 | 对方 | 对端 | 另一端 | 另一方 | 另一边 | 远端 | peer | the other side | the other end | remote side | remote end | remote peer | remote host | other side | other end
application e: 应用 | 应用程序 | 应用层 | 程序 | 进程 | 服务进程 | 业务 | 业务代码 | 代码 | 上层 | application | app | program | process | processes | the code | userspace | user space | handler | worker
kernel e: 内核 | kernel | 协议栈 | tcp stack | stack | 操作系统 | os | linux
attacker e: 攻击者 | 攻击方 | attacker | 黑客 | hacker | 恶意 | malicious | adversary | off path attacker
both e: 双方 | 两端 | 两边 | 两方 | 两侧 | 彼此 | 都 | both | both sides | both ends | each side | each end | each other | 两个方向都
# ---- tools and settings
ss-tool e: ss | ss 命令 | ss -tan | ss -lnt | ss -ant | ss -s | ss -tnp | ss -ltn
netstat-tool e: netstat | netstat -s | nstat | netstat -an | netstat -ant | netstat -tan | netstat -anp
lsof-tool e: lsof | lsof -p | /proc | jstack | pstack | strace | gdb | 火焰图 | perf
somaxconn e: somaxconn
backlog e: backlog | 积压队列长度 | listen 的第二个参数 | listen 参数 | 第二个参数
syn-queue e: 半连接队列 | syn 队列 | syn queue | syn backlog | request queue | 请求队列 | half open queue | incomplete connection queue | incomplete queue | syn_recv 队列 | syn_recv queue | 未完成连接队列
accept-queue e: 全连接 | 全连接队列 | accept 队列 | accept queue | 已完成连接队列 | completed connection queue | established queue | completed queue | 完成队列 | 全队列
half-open e: 半连接 | 半开连接 | 半打开 | half open | half open connection | half open connections | embryonic | 未完成的连接 | incomplete connection | incomplete connections | 半开
queue e: 队列 | queue | 排队
fin-timeout e: tcp_fin_timeout
syn-retries e: tcp_syn_retries
synack-retries e: tcp_synack_retries
tw-reuse e: tcp_tw_reuse
tw-recycle e: tcp_tw_recycle
orphan e: nobody owns | no one owns | nobody holds | no owner | 没人持有 | 没有进程持有 | 孤儿 | 孤儿连接 | orphan | orphaned | orphan connection | 没有进程引用 | no longer referenced | no process | 不再被任何进程引用 | 应用已经关闭 | 应用已关闭
nat e: nat | 地址转换 | network address translation | 负载均衡 | load balancer | 同一出口
keepalive-pool e: 长连接 | 连接池 | keep_alive | keep alive | keepalive | connection pool | pool | pooling | pooled | 持久连接 | persistent connection | persistent connections | http keep alive | 连接复用 | 复用连接 | reuse connections | reuse the connection | reuse connection | reusing connections
error-path e: 异常 | 异常分支 | 错误分支 | 失败分支 | 出错 | 报错 | exception | exceptions | error | errors | error path | error paths | early return | 提前返回 | finally | defer | try with resources | with 语句
resources e: 资源 | 内存 | resources | resource | memory | buffer | 缓冲区 | 缓存 | 条目 | entry | entries | 槽位 | slot | slots
# ---- calls
close-call p: close() | 调用 close() | 调用 close | call close() | calls close() | invoke close() | close | 关闭 | 关掉 | 关 | 断开 | 释放连接 | 关闭连接 | 关闭 socket | 关闭套接字 | close the socket | close the connection | closes the socket | disconnect | hang up | 挂断 !! close() is never called | close() is not called | close() never gets called | close() isn't called | close 没有被调用 | 没有被 close | 没被关闭 | 没有被关闭 | 没关 | 未关闭 | 不关 | 不关闭 | 漏关 | 忘关 | never closed | not closed | left open | 没有关闭
shutdown-call p: shutdown() | shutdown | shut_wr | shut_rd | shut_rdwr
accept-call e: accept() | 调用 accept | accept 调用 | accept call | calls accept | call accept | 取走 | 取出 | take from the queue | takes it off the queue | dequeue
listen-call e: listen | listen() | 调用 listen | listen 调用 | calls listen | call listen
connect-call e: connect() | 调用 connect | connect 调用 | calls connect | call connect | connect
# ---- predicates
send p: 发送 | 发 | 发出 | 发回 | 回 | 回复 | 回一个 | 送出 | 发过去 | 发来 | 发了 | send | sends | sent | emit | transmit | reply | replies | respond | answer | answers | return
receive p: 到了 | 来了 | came | came in | come in | comes in | 收到 | 接收 | 接受 | 收 | 到达 | 抵达 | 送达 | 接到 | 收下 | receive | get | got | arrive | arrives | reach | reaches | land | come | comes | come back | comes back | accepted by | read by | 读到 | 被接收 | 处理
accept p: 允许 | 接纳 | 接受新的 | accept | accepts | allow | allows | permit | 可以复用 | can be reused | reopen | re open | 重新打开 | 重新建立 | 重新连接
retransmit p: 重传 | 重发 | 再发 | 再次发送 | 重新发送 | 重新发 | 再发一次 | 再发一遍 | 再次发 | 补发 | 又发 | 重复发送 | 超时重传 | 重试 | retransmit | retransmission | retransmiss | retransmitting | resend | re send | send again | send it again | sends it again | send another | retry | retries | try again | 重新传
lost p: 丢失 | 丢了 | 丢 | 丢包 | 丢掉 | 丢失了 | 弄丢 | 没到 | 没有到达 | 未到达 | 到不了 | 中途丢 | lost | loss | lose | gets lost | get lost | dropped | drop | drops | go missing | goes missing | never arrive | never arrives | not arrive | doesn't arrive | never reach | never reaches | not reach | never make it | doesn't make it | never received | not received | never gets there | 收不到 | 没收到 | 没有收到 | 未收到 | 没能到达 | not receive | never receive | never get | not get | didn't get | doesn't get | does not get | does not receive | doesn't receive | didn't receive
discard p: 丢弃 | 扔掉 | 忽略 | 丢掉它 | discard | discards | ignore | ignores | silently drop | throw away | 直接丢弃 | 不理会
timeout p: times the connection out | times it out | time it out | times them out | time them out | 超时 | 计时器到期 | 定时器到期 | timeout | time out | timed out | times out | timer expires | timer fires | 超过时间 | expiry
expire p: 过期 | 消失 | 失效 | 消亡 | 死掉 | 自然消失 | 消散 | 消逝 | 离开网络 | 在网络中消失 | 寿命到期 | 被丢弃 | 被路由器丢弃 | expire | die | dies | die out | disappear | vanish | gone | be gone | flushed | flush out | drain | drained | age out | aged out | time out of the network | out of the network | 清空 | 不复存在
prevent p: 防止 | 避免 | 阻止 | 避开 | 杜绝 | 防范 | 防 | 以免 | 免得 | 保护 | 不让 | 抵御 | 缓解 | 对抗 | 防御 | 防住 | prevent | prevents | avoid | stop | stops | keep from | protect | protects | guard against | defend | defends | mitigate | mitigates | counter | protect against | make sure not !! 防不住 | 防不了 | 挡不住 | 阻止不了 | 避免不了 | 拦不住 | can not prevent | does not prevent | will not prevent | fails to prevent | failed to prevent | can not stop | does not stop
wrongly p: swallowed | swallowed as real | as real | accepted as valid | 当真 | 当成自己的 | 落进窗口 | 落在窗口内 | 混淆 | 误认为 | 误当成 | 误当作 | 误收 | 误接收 | 错误地 | 错误 | 搞混 | 当成 | 当作 | 误 | 错收 | 错认 | 串 | 串到 | 弄混 | mistaken | mistake | mistakenly | confuse | confused | confusion | misinterpret | wrongly | wrong connection | corrupt | corrupts | by mistake | mix up | mixed up | mixed into | treated as | taken as | mistook
guess p: 猜 | 猜测 | 猜到 | 猜出 | 猜中 | 预测 | 推测 | 推算 | 算出 | 估计出 | guess | guesses | predict | predictable | prediction | infer | work out | figure out | anticipate
compute p: 计算 | 算出 | 算 | 算得 | 生成 | 得出 | calculate | calculated | compute | computed | derive | derived | generate | generated | produce
forge p: 伪造源 | 伪造的源 | 假源 | 假的 | 虚假的 | 假 | 伪造 | 注入 | 冒充 | 伪装 | 仿冒 | 劫持 | 插入 | 篡改 | forge | forged | spoof | spoofed | spoofing | inject | injected | injection | fake | faked | hijack | hijacking | insert | tamper | impersonate | blind
attack p: 攻击 | 攻击者利用 | attack | attacks | exploit | 洪水 | flood | flooding | ddos | dos
hash e: 哈希 | hash | 散列 | md5 | siphash | 摘要 | hmac | 密码学哈希 | cryptographic hash | keyed hash | prf | pseudorandom function | 伪随机函数
secret e: 密钥 | 秘钥 | key | secret | secret key | 秘密 | 私密 | keyed
clock e: 计时器 | 时钟 | clock | timer | 定时器 | 4 微秒 | 4 微妙 | 4 μs | 4 us | 4 microseconds | 4 µs | microsecond | 微秒 | 时间 | time
random p: 随机 | random | randomly | randomized | randomised | 伪随机 | pseudorandom | pseudo random | 不可预测 | unpredictable | hard to guess | 难以预测 | 难以猜测 | 无法预测 | 不好猜 | 很难猜 | 乱数 | nonce
counter p: 计数器 | counter | 递增 | 自增 | 每 4 毫秒 | 4 毫秒 | 4 ms | 4 milliseconds | increment | increments | incremented | 加一的计数器 | 单调递增 | monotonic | monotonically
fixed p: 固定 | fixed | constant | 不变 | 恒定 | always the same | 每次都一样 | 每次一样 | 从 0 开始 | 从零开始 | start at 0 | start at zero | starts at 0 | starts at zero | 写死 | hard coded | hardcoded | the same every time | same every time
exhaust p: 占满 | 耗尽 | 满 | 塞满 | 填满 | 用完 | 用光 | 不够 | 不够用 | 不足 | 撑满 | 打满 | 挤满 | 溢出 | 爆满 | 满了 | fill | fills | filled | full | exhaust | exhausted | exhausts | exhaustion | run out | runs out | ran out | used up | use up | overflow | overflows | overflowed | overflowing | saturate | saturated | starve
many p: 大量 | 很多 | 许多 | 成千上万 | 上万 | 几万 | 数万 | 大批 | 一堆 | 海量 | 堆积 | 积压 | 暴涨 | 越来越多 | 不断增加 | 持续增长 | 一直增长 | 涨 | 增长 | many | lots | lot of | thousands | tens of thousands | massive | huge | pile up | piles up | piling up | accumulate | accumulates | grow | grows | growing | keep growing | keeps growing | increase | increasing | huge number | large number | flood of
enter p: 进入 | 进到 | 转入 | 转到 | 变成 | 变为 | 成为 | 处于 | 停在 | 停留 | 留在 | 待在 | 卡在 | 停留在 | 转为 | 迁移到 | 切换到 | 到 | 进 | go into | goes into | went into | enter | enters | move to | moves to | transition to | transitions to | end up in | ends up in | end in | ends in | stay in | stays in | stuck in | remain in | remains in | sit in | sits in | go to | goes to | switch to | switches to | become | becomes | reach | land in | is in | are in | be in
stay a: 一直 | 永远 | 一直停在 | 一直处于 | 永久 | 无限期 | 一直存在 | 一直在 | forever | indefinitely | stay | stays | remain | remains | stuck | linger | lingers | sit there | 常驻 | 挂着 | hang around | never go away | never goes away | never leave | never leaves
wait p: 等待 | 等 | 等着 | 等一会 | 等到 | wait | waits | waiting | hold | holds | linger | 停留一段时间 !! 不等 | 不用等 | 不必等 | 无需等待 | 不用等待 | 不必等待
give-up p: 放弃 | 终止 | 中止 | 失败 | 报错 | 返回错误 | 连接失败 | 断开 | give up | gives up | giving up | abort | aborts | terminate | terminates | fail | fails | failed | error out | errors out | tear down | teardown | 撤销 | 不再重传 | 停止重传 | stop retransmitting | stops retransmitting
delete p: clean | cleans | clean it | 删除 | 销毁 | 回收 | 释放 | 清理 | 清除 | 移除 | 干掉 | 清掉 | remove | delete | deleted | destroy | destroyed | reclaim | reclaimed | free | freed | release | released | clean up | cleaned up | kill | killed | drop the request | 丢掉状态 | tear down state
removed p: 被删除 | 已删除 | 删掉了 | 移除了 | 被移除 | 去掉了 | 被去掉 | 已经没有 | 已不存在 | 不存在了 | removed | was removed | got removed | no longer exists | no longer exist | gone from | dropped from the kernel | deprecated and removed | 废弃 | 已废弃 | 4.12
reuse p: 复用 | 重用 | 重复使用 | 再利用 | reuse | reused | reusing | re use | recycle | recycled
prove p: 证明 | 说明 | 意味着 | 表明 | 代表 | 就是说 | 肯定 | 一定 | 必然 | prove | proves | proof | show | shows | mean | means | imply | implies | confirm | confirms | tell us | tells us | certain | sure
ensure p: 保证 | 确保 | 为了让 | 使得 | ensure | ensures | make sure | makes sure | guarantee | guarantees | so that | allow | allows | let | lets 
properly a: 正确 | 正常 | 正确地 | 正常地 | 顺利 | 可靠 | 可靠地 | 干净 | 优雅 | 完整 | correctly | properly | cleanly | normally | reliably | reliable | gracefully | successfully | 成功 | 圆满 | orderly | in order | 有序
silence p: 没有回复 | 没收到回复 | 没有收到回复 | 没有收到任何 | 没收到任何 | 没有任何报文 | 没有任何回应 | 没有回应 | 没动静 | 没有动静 | 没有消息 | 没有再收到 | 没有再收到任何 | 什么都没收到 | 安静 | 沉默 | no reply | no response | no answer | nothing comes back | nothing came back | nothing arrives | nothing arrived | nothing else arrives | nothing else comes | hears nothing | hear nothing | heard nothing | silence | silent | quiet | no more segments | no fin arrives | 风平浪静 | 一切正常
full-duplex e: two one way streams | one way streams | two streams | 两个单向 | 两条单向 | 全双工 | full duplex | duplex | 双工 | 双向 | 两个方向 | 每个方向 | 各个方向 | each direction | both directions | two directions | either direction | per direction | each way | both ways | bidirectional | two way street | 各自方向 | 两个方向各自 | two independent byte streams | two byte streams | two independent streams | independent byte streams | two separate byte streams | 两个独立的字节流 | 两条独立的字节流 | 两个字节流 | 两条字节流
separately a: 各自 | 分别 | 独立 | 单独 | 独立地 | 分开 | 分开发送 | 分两次 | 先后 | 各关各的 | separately | separate | independently | independent | on its own | one at a time | in two steps | individually | its own | 各自独立
merge p: 捎在 | 捎上 | 一个包 | 同一个包 | one packet | the same segment | in the same segment | 合并 | 合在一起 | 一起发 | 一起发送 | 一起 | 捎带 | 同一个报文 | 一个报文 | 合成一个 | 搭便车 | 放在一起 | combine | combined | merge | merged | piggyback | piggybacked | together | in one segment | same segment | single segment | one segment | at once | bundle | bundled
half-close p: 半关闭 | half close | half closed | half closing | 单向关闭 | 半双工关闭 | one direction closed | one way close
still a: 仍然 | 仍可 | 还可以 | 还能 | 还 | 仍 | 依然 | 继续 | 照样 | 依旧可以 | still | continue | continues | keep | keeps | can still | may still | remain able | carry on | go on
more-data p: not be done | not done | isn't done | is not done | not finished | hasn't finished | has not finished | halfway through | still writing | 还在写 | 没写完 | 剩余数据 | 还有数据 | 数据没发完 | 没发完 | 未发送完 | 没有发完 | 还没发完 | 还要发 | 还有要发 | 要发的数据 | 剩下的数据 | 剩下 | 残余数据 | 未发完 | remaining data | pending data | more data | unsent data | leftover data | data left | still has data | something left | still sending | has more to send | still have data | data to send | data in flight | still in flight
immediately a: 立即 | 马上 | 立刻 | 即刻 | 当场 | 先回 | 先发 | 随即 | 第一时间 | immediately | right away | at once | straight away | instantly | promptly | straightaway | directly
later a: 稍后 | 之后 | 以后 | 后面 | 后来 | 等到 | 等应用 | 再发 fin | later | afterwards | afterward | after | only after | once the application | when the application | 等它
delay p: 延迟 | 推迟 | 耽搁 | 滞后 | 迟 | delay | delayed | postpone | deferred | lag
read p: 读 | 读取 | 读数据 | read | reads | reading | recv() | read() | recv
write p: 写 | 写入 | 写数据 | write | writes | writing | write() | send()
occupy p: 占用 | 占 | 消耗 | 消费 | 用掉 | 计入 | 算 | 占据 | 占一个 | 要占 | occupy | occupies | occupied | consume | consumes | consumed | use up | take up | takes up | count | counts | counted | cost | costs
one e: 一个 | 1 | 一 | one | a single | 单个 | 一位
plus-one e: plus1 | 加 1 | 加一 | plus one | 加上 1 | 加上一 | increment by one | incremented by one | one more | 多 1 | 大 1 | 大一 | 下一个序号
relative p: 相对 | relative | relatively | 相对值 | offset | 偏移 | 减去 | subtract | minus
next-byte e: 下一个 | 下一字节 | 下一个字节 | 下一个序号 | 下一个期望 | next | next byte | next sequence | 不包含 | exclusive | not included | up to but not including | 左闭右开 | half open interval
expo-backoff p: 指数 | 翻倍 | 加倍 | 退避 | 指数退避 | 成倍 | 乘 2 | 乘以 2 | 每次乘 2 | exponential | exponentially | double | doubles | doubling | back off | backoff | 1 2 4 8 16 32 | 1 3 7 15 31 63
linear p: 线性 | linear | linearly | tcp_syn_linear_timeouts | 固定间隔
overflow-counter e: listenoverflows | listendrops | overflowed | times the listen queue of a socket overflowed | 溢出计数 | 溢出次数 | overflow counter | listen queue overflow | syns to listen sockets dropped
know p: 知道 | 知晓 | 察觉 | 感知 | 发现 | 意识到 | notice | notices | know | knows | aware | realize | realise | detect | tell | 分辨 | 区分 | 判断 | 识别 | distinguish | tell apart | tell whether | identify | recognize | recognise !! 不知道 | 不知情 | 察觉不到 | 感知不到 | 未察觉 | unaware | no idea | oblivious | 浑然不知 | 不会发现 | 不知道丢了
carry p: put | puts | 放 | 携带 | 带着 | 带上 | 带有 | 带 | 附带 | 附上 | 装着 | 放进 | 放在 | 塞进 | 夹带 | carry | carries | carried | carrying | include | includes | included | contain | contains | with | piggyback | attach | attached | put in | inside
first e: 第一次 | 首次 | 第一个 | 初次 | 首个 | 最开始 | 头一次 | 第一回 | first | initial | initially | the first time | first time | first connection | 第一条
request p: 请求 | 申请 | 索要 | 要一个 | 要 | request | requests | ask for | asks for | asked for
obtain p: 获取 | 拿到 | 得到 | 获得 | 取得 | 领取 | 领到 | obtain | obtains | get | gets | fetch | fetches | acquire | acquires | pick up | picks up | be given | is given | receive a
issue p: hand | hands | hands you | gives you | 给 | 发给 | 签发 | 颁发 | 发放 | 下发 | 生成 | 给客户端 | 分配 | issue | issues | issued | hand out | hands out | give | gives | mint | mints | generate | generates
verify p: 验证 | 校验 | 检查 | 核对 | 核验 | 检验 | 认证 | 确认地址 | verify | verifies | validate | validates | check | checks | authenticate | proves
save p: 省 | 节省 | 减少 | 少一个 | 少了一个 | 省掉 | 省去 | 降低延迟 | 省下 | 减掉 | 少一次 | save | saves | saving | saved | eliminate | eliminates | cut | cuts | shave | reduce | reduces | one fewer | one less
early a: 先 | 先于 | 率先 | 提前 | 在握手完成前 | 握手完成之前 | 握手完成前 | 握手结束前 | 握手还没完成 | 没等握手完成 | 不必等握手 | 第一个报文就 | 随 syn | early | earlier | ahead of | before the handshake completes | before the handshake | before the handshake is complete | before the handshake finishes | without waiting for the handshake | in the syn | on the syn | with the syn | along with the syn | zero rtt | 0 rtt
deliver p: 交给上层 | 交给应用层 | 交给上层应用 | 交上去 | 交付 | 交给 | 递交 | 提交给应用 | 交给应用 | 上交 | 送到应用 | 传给应用 | deliver | delivers | delivered | hand to | hands to | pass to | passes to | passed up | give to the application | handed to the application
complete p: 完了 | 完毕 | 结束了 | 完成 | 完成握手 | 结束 | 成功建立 | 建立起来 | 走完 | complete | completes | completed | finish | finishes | finished | done | succeed | succeeds | establish | establishes
simultaneous p: 一起关 | 一起关闭 | 撞车 | 同时发 fin | 同时 | simultaneous | simultaneously | at the same time | same time | 交叉 | 互相 | 相互 | 同一时刻 | 同一时间 | cross | crosses | crossed | crossing | in flight at once | 交错 | 擦肩而过 | pass each other | both close at once | 同时关闭 | simultaneous close
same p: 相同 | 同一 | 同样 | 一样 | 同一个 | 相同的 | same | identical | the same | reuses the same | 差不多 | 基本一样 | 基本相同 | 类似 | similar | basically the same | pretty much the same | essentially the same | much the same
new-connection e: second connection | the second one | 第二个连接 | 新的那个连接 | 新连接 | 新的连接 | 后面的连接 | 之后的连接 | 下一个连接 | 新建的连接 | 后续连接 | 后来的连接 | 新建连接 | new connection | new connections | later connection | next connection | subsequent connection | subsequent connections | new incarnation | a new one | fresh connection | new instance | 新的会话
old p: 旧 | 旧的 | 历史 | 历史连接 | 历史报文 | 过期的 | 滞留 | 之前 | 上一个 | 以前 | 前一个 | 陈旧 | 迟到 | 迟到的 | 延迟到达 | 残留 | 遗留 | 老的 | 老 | 失效的 | 已失效 | 上一次 | 上次 | 先前 | 早先 | 晚到 | 姗姗来迟 | 延时到达 | 在网络中滞留 | 游荡 | 旧连接 | old | stale | previous | earlier | prior | delayed | late | lingering | stray | wandering | duplicate | duplicated | leftover | obsolete | outdated | last connection | former | old incarnation | straggler | stragglers
useless p: 无用 | 多余 | 不必要 | 不必要的 | 误降 | needless | needlessly | 白白 | 浪费 | 不需要的 | 白建 | 空连接 | 假连接 | 幽灵 | 僵尸 | useless | bogus | spurious | wasted | waste | unwanted | invalid | phantom | ghost | half baked | unnecessary | nobody wants | 资源浪费 | 白白浪费
store p: 保存 | 存储 | 记录 | 保留 | 分配 | 维护 | 存 | 记住 | 持有 | 占用内存 | 建立状态 | 创建状态 | keep | keeps | store | stores | save state | hold | holds | allocate | allocates | allocated | maintain | maintains | remember | remembers | track | tracks | create state | creates state | preserve | preserves | preserved !! 无状态 | stateless | 不保存任何 | 什么都不存 | keeps nothing | keep nothing | stores nothing | store nothing | without storing | without keeping | no state | zero state | no memory
encode p: squeezed into | stuffed into | 塞到 | 编码 | 编进 | 编入 | 藏在 | 藏进 | 嵌入 | 放进 | 写进 | 塞进 | 编码进 | 编码到 | 编在 | 算进 | 隐藏在 | encode | encodes | encoded | embed | embeds | embedded | put into | stored in | carried in | hidden in | packed into | pack into | baked into | folds into | fold into
sync p: 同步 | synchronize | synchronise | synchronized | synchronised | sync | synchronizing | synchronising
reject p: 拒绝 | 拒掉 | 回绝 | 不接受 | 否决 | 终止这个连接 | reject | rejects | rejected | refuse | refuses | refused | decline | declines | kill it | kills it | abort it | shoot down
larger p: 大 | 还大 | 更大 | 大于 | 超过 | 之后 | 更新的 | 更新 | 更晚 | 较大 | 还大 | larger | greater | higher | beyond | bigger | newer | later than | above | exceed | exceeds | past
unrelated p: 没有任何关系 | 毫无关系 | no relation | 无关 | 没关系 | 没有关系 | 不相关 | 不影响 | 管不到 | 管不着 | 不控制 | 与此无关 | unrelated | irrelevant | has nothing to do | nothing to do with | doesn't affect | does not affect | not affect | not related | not control | doesn't control | does not control | doesn't change | does not change | not change | 不改变 | 改变不了 | 不能改变 | 无法改变 | 不会改变
control p: 控制 | 决定 | 设置 | 影响 | 限制 | 管 | 调整 | 改变 | 约束 | 设定 | 规定 | 修改 | 决定了 | control | controls | controlled | determine | determines | set | sets | affect | affects | limit | limits | limited | bound | bounds | cap | caps | capped | govern | governs | tune | tunes | change | changes | configure | configures | decide | decides | size | sizes | clamp | clamped | clamps
length e: 时长 | 长度 | 时间长度 | 多久 | 多长 | duration | length | how long | lifetime | 持续时间 | 60 秒 | 60 s | 60 seconds | 60s | 一分钟 | one minute | 1 minute
find p: 找到 | 查找 | 定位 | 排查 | 查出 | 查 | 看 | 查看 | 看看 | 检查 | 抓 | 确定 | 对应 | 找出 | find | finds | locate | identify | investigate | look at | look for | check | inspect | trace | track down | figure out which | see which | list | lists | show | shows | 列出 | 显示
fix p: 修复 | 修改代码 | 修 | 改代码 | 补上 | 补 | 加上 | 解决 | fix | fixes | patch | add the missing | make sure | 确保关闭
lower p: 少 | 变少 | 更少 | fewer | 调小 | 减小 | 调低 | 降低 | 缩短 | 改小 | 调短 | 减少 | 改短 | 设小 | 设短 | lower | lowers | lowering | reduce | reduces | shorten | shortens | decrease | decreases | tune down | turn down | set it lower | smaller
network-bad e: 网络不好 | 网络差 | 网络问题 | 网络抖动 | 网络故障 | 网络拥塞 | 网络不稳定 | 丢包严重 | 网络太差 | 弱网 | network is bad | bad network | network problem | network problems | network issue | network issues | flaky network | unstable network | network congestion | congested network | poor network | lossy network | network is slow | slow network
final e: 第三次 | 第三个 | 第三步 | 第三次握手 | 第三个报文 | third | 3rd | third segment | third packet | third step | final | last | 最后 | 最后一个 | 最后的 | 最后一次 | 第四次 | fourth
checksum e: 校验和 | checksum | 检验和 | 校验
urgent e: 紧急指针 | urgent pointer | urg 指针 | urgent | urg
data-offset e: 数据偏移 | 首部长度 | 头部长度 | 头长度 | data offset | header length | offset | doff | thl
flags e: 标志位 | 标志 | 控制位 | flags | flag | 控制标志 | 标记位 | control bits
four-ms e: 4 毫秒 | 4ms | 4 ms | 4 milliseconds | four milliseconds | 每 4 毫秒 | 四毫秒
leak p: 泄漏 | 泄露 | leak | leaks | leaked | leaking | 连接泄漏 | 句柄泄漏 | fd 泄漏 | 资源泄漏 | socket leak | connection leak | descriptor leak
local e: our | ours | 我方 | 我们这边 | 我这边 | 本地 | 本端 | 本机 | 自己 | 这边 | 这一端 | 本方 | 我们 | local | this side | this end | our side | our end | we | us | itself | its own application
automatic a: 自动 | 自动地 | automatically | by itself | on its own | 自己就 | 自行 | 自动清理 | 自动回收
bug e: bug | bugs | 缺陷 | 程序 bug | 代码 bug | 代码问题 | 程序问题 | 应用的问题 | 应用问题 | 应用层问题 | application bug | code bug | programming error | 写法问题
skip p: 跳过 | 省去握手 | 免去 | 绕过 | 省掉握手 | skip | skips | skipped | bypass | bypasses | without a handshake | no handshake | 不用握手 | 不需要握手
econnrefused e: econnrefused | connection refused | 连接被拒绝 | 拒绝连接 | 连接拒绝
acknowledge-it p: 被确认两次 | 确认两次 | 两次确认 | 两个 ack | two acks | acknowledged twice | ack the ack | ack of the ack | acknowledge the ack | acknowledge an ack | ack 也要确认 | ack 也需要确认 | ack 也要被确认 | ack 需要被确认 | ack 要被确认 | 确认这个 ack | 对 ack 进行确认 | 对 ack 的确认 | ack 也得确认 | ack also needs to be acknowledged | ack must be acknowledged | ack needs to be acknowledged | ack must itself be acknowledged | 确认对方的确认 | 确认收到了确认
code e: 代码 | code | 源码 | 实现 | 逻辑 | 业务逻辑 | source code | 业务代码 | the code | 程序代码 | codebase
smaller p: 小 | 更小 | 小于 | 较小 | 还小 | smaller | less than | lower than | older than | earlier than | 更早 | 早于 | 更旧
use p: 用 | 使用 | 采用 | 开启 | 启用 | 打开 | 依赖 | 依靠 | enable | enables | enabled | use | uses | used | turn on | rely on | relies on | depend on | depends on | switch on
`;

function parseTable(table: string): Concept[] {
  const out: Concept[] = [];
  const seen = new Set<string>();
  for (const raw of table.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const m = /^([a-z0-9-]+)\s+(e|p|a|neg|block|cbound|refute|report|hedge):\s*(.*)$/.exec(line);
    if (!m) throw new Error(`lexicon: cannot read line: ${line}`);
    const [, id, kind, rest] = m;
    if (seen.has(id)) throw new Error(`lexicon: duplicate concept ${id}`);
    seen.add(id);
    const [pos, neg] = rest.split("!!");
    const split = (s: string | undefined) => (s ?? "").split("|").map((f) => f.trim()).filter((f) => f.length > 0);
    out.push({ id, kind: kind as ConceptKind, forms: split(pos), negForms: split(neg) });
  }
  return out;
}

/** Function words: negators, neutral blockers, clause words, refutation and reported-speech markers. */
const FUNCTION_WORDS = String.raw`
neg neg: 不 | 没 | 没有 | 无 | 未 | 非 | 无法 | 不能 | 不会 | 不用 | 不需要 | 无需 | 无须 | 不必 | 没必要 | 并不 | 并非 | 并没有 | 不是 | 从不 | 从来不 | 从没 | 从未 | 永不 | 绝不 | 决不 | 忘 | 忘了 | 忘记 | 忘记了 | 漏 | 漏了 | 遗漏 | 缺 | 缺少 | 少了 | 未能 | 不再 | 不一定 | 别 | 不要 | 勿 | 不可能 | 不可以 | 不得 | 甭 | 莫 | not | no | never | none | nothing | nobody | without | neither | nor | fail to | fails to | failed to | forget to | forgets to | forgot to | forgotten | neglect to | neglects to | lack | lacks | lacking | missing | miss | misses | unable | no longer | instead of | rather than | not necessarily | nor does | isn't | aren't | don't | doesn't | didn't | won't | wasn't
block block: 说不清楚 | 大约 | 大概 | 大家 | 大部分 | 大多 | 大多数 | 最大 | 大小 | 不对称 | 对称 | 不对劲 | 不断 | 不同 | 不仅 | 不管 | 不少 | 不久 | 不论 | 无论 | 无数 | 非常 | 未来 | 是否 | 不错 | 没错 | 不得不 | 忍不住 | 来不及 | 依旧 | 仍旧 | 照旧 | 陈旧的说法 | 包括 | 包含 | 回收站 | 无所谓 | 不一样 | 毫无疑问 | 无非 | 非得 | 不停 | 不仅仅 | 不但 | 不光 | 别的 | 区别 | 分别是 | 满足 | 充满 | 省略 | 不如说 | 不过如此 | 要不要 | 能不能 | 会不会 | 是不是 | 有没有 | 对不对 | 好不好 | 行不行 | not only | not just | no matter | nothing but | no doubt | not bad | whether or not | or not | more or less | 后端口 | 一直以来 | 一下 | 一般 | 一旦 | 一些 | 一样的道理 | 一定程度 | 统一 | 唯一 | 第一步 | 一方面 | 另一方面 | 进而 | 进行 | 先进 | 到底 | 达到 | 直到 | 遇到 | 看到 | 做到 | 到时候 | 收尾 | 发生 | 出发 | 开发 | 触发 | 引发 | 爆发 | 发起 | 回来 | 回到 | 返回 | 回答 | 回顾 | 算法 | 打算 | 就算 | 总算 | 算是 | 估算 | 还是 | 还有 | 带来 | 关键 | 关于 | 相关 | 有关 | 关系 | 机关 | 关注 | 开关 | 关心 | 看来 | 看起来 | 好看 | 查询 | 调查 | 管理 | 不管怎样 | 无论如何 | 满意 | 老是 | 老师 | 总是 | 都是 | 全都 | 等等 | 等于 | 相等 | 同等 | 平等 | 等价 | 包头 | 包装 | 打包 | 钱包 | 部分 | 分析 | 几分钟 | 分钟 | 十分 | 万分 | 过分 | 小段 | 手段 | 阶段 | 时间段 | 段落 | 地址段 | 号段
cbound cbound: 但 | 但是 | 可是 | 而 | 而是 | 因为 | 由于 | 所以 | 因此 | 否则 | 不然 | 要不然 | 导致 | 从而 | 于是 | 然后 | 接着 | 不过 | 然而 | 如果 | 假如 | 要是 | 若 | 即使 | 哪怕 | 虽然 | 尽管 | 以便 | 之所以 | 是因为 | 这样 | 这样一来 | 那么 | 同时也 | 并且 | 而且 | 另外 | 此外 | 也就是说 | 比如 | 例如 | 但实际上 | but | because | so | since | therefore | thus | hence | although | though | while | whereas | otherwise | unless | if | when | whenever | which | and then | instead | rather | however | meanwhile | also | plus | besides | for example | e.g | whereby | once | until | as long as | after which | before | then | or else | and | or
hedge hedge: 不确定 | 不太确定 | 说不好 | 记不清 | 记不太清 | 不太记得 | 记不得 | 不清楚 | 来着 | 瞎猜 | not sure | do not remember | can not remember | not certain | or was it | i forget which | i am guessing
refute refute: does nothing | do nothing | 没有任何作用 | 没用 | 不管用 | 无效 | 不起作用 | 没有效果 | 无济于事 | 解决不了 | 治标不治本 | doesn't help | won't help | does not help | will not help | no effect | has no effect | pointless | futile | 是错的 | 是错误的 | 错的 | 不对 | 不正确 | 不准确 | 误解 | 误区 | 谬误 | 有误 | 其实不然 | 并不是这样 | 是误会 | 不成立 | 站不住 | 是个误会 | 这是错 | 错了 | 说法错误 | 这种说法不对 | 是误传 | 以讹传讹 | wrong | myth | misconception | not true | untrue | incorrect | false | inaccurate | not accurate | misleading | a mistake | a common mistake | isn't true | is not true | not correct | isn't correct | is not correct | a misunderstanding | misunderstanding | oversimplification | debunk | bogus claim | nonsense
report report: 有人说 | 有人认为 | 很多人认为 | 很多人以为 | 常有人说 | 网上说 | 常见的说法 | 常见说法 | 有的文章 | 有些文章 | 有人会说 | 以为 | 误以为 | 有种说法 | 有一种说法 | 一种说法 | 有说法 | 据说 | 传言 | 所谓 | 通常认为 | 有的人 | 有些人 | 很多资料 | 有的资料 | 一些资料 | 很多文章 | 面经 | some say | some people | people think | people say | people often | many think | many people | a common belief | common belief | often said | commonly said | some articles | articles say | it is said | one might think | you might think | naively | it's tempting | tempting to | popular belief | folklore | some blogs | blog posts | claim that | claims that | supposedly | so called | 还有人说 | 也有人说 | 还有人认为 | 也有人认为 | 第一反应 | 一开始我以为 | my first thought | my first guess | my first instinct | i first thought | at first i thought | i want to say | i wanted to say | i would have said | i was going to say
`;

export const LEXICON: readonly Concept[] = [...parseTable(TABLE), ...parseTable(FUNCTION_WORDS)];

export const CONCEPT_IDS: ReadonlySet<string> = new Set(LEXICON.filter((c) => c.kind === "e" || c.kind === "p" || c.kind === "a").map((c) => c.id));

export function conceptKind(id: string): ConceptKind | undefined {
  return LEXICON.find((c) => c.id === id)?.kind;
}
