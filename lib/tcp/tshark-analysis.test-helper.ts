/**
 * Test helper: tshark's TCP analysis flags as written by captures/analysis.py and captures/fuzz
 * (`tshark -Y tcp.analysis.flags -T fields -e frame.number -e tcp.analysis.{…}`), frame → our event
 * names. tshark also sets `retransmission` on a fast or spurious retransmission; we give only the
 * specific event (docs/contracts.md "Capture analysis events", "One flag per kind"), so it is left out there.
 */
import { TCP_EVENTS, type TcpEvent } from "./events";

/** tshark's field names (the columns after frame.number), in TCP_EVENTS order */
export const TSHARK_FIELDS = TCP_EVENTS.map((e) => (e === "dup_ack" ? "duplicate_ack" : e));

export function readTsharkFlags(text: string): { header: string; frames: Map<number, TcpEvent[]> } {
  const lines = text.split("\n");
  const frames = new Map<number, TcpEvent[]>();
  for (const l of lines) {
    if (!l || l.startsWith("#")) continue;
    const c = l.split("\t");
    const set = TCP_EVENTS.filter((_, k) => c[k + 1] !== "" && c[k + 1] !== undefined);
    const specific = set.includes("fast_retransmission") || set.includes("spurious_retransmission");
    frames.set(Number(c[0]), specific ? set.filter((e) => e !== "retransmission") : set);
  }
  return { header: lines[0], frames };
}
