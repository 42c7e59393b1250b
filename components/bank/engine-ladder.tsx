import { LadderDiagram, type LadderSegment } from "@/components/ladder/ladder-diagram";
import { timersFromSteps } from "@/components/ladder/layout";
import type { Dictionary } from "@/lib/i18n/dictionaries";
import type { Locale } from "@/lib/i18n/config";
import type { Annotation, SimStep } from "@/lib/tcp";

/** The engine's view of a conversation as a ladder diagram, in the page's language. */
export function EngineLadder({
  t,
  locale,
  steps,
  annotation,
  highlight,
  id,
}: {
  t: Dictionary;
  locale: Locale;
  steps?: SimStep[];
  annotation?: Annotation;
  highlight?: number;
  id?: string;
}) {
  const labels = {
    client: t.bank.client,
    server: t.bank.server,
    lost: t.bank.lost,
    retransmission: t.bank.retransmission,
    title: t.bank.ladderTitle,
  };
  if (steps) {
    const segments: LadderSegment[] = steps.map((s) => ({
      from: s.from,
      flags: s.flags,
      seq: s.seq,
      ack: s.ack,
      len: s.len,
      client: s.client,
      server: s.server,
      lost: s.fate === "dropped",
      retransmission: s.retransmission,
      note: s.note?.[locale],
    }));
    const timers = timersFromSteps(steps, (timer) =>
      timer.kind === "2msl" ? "2MSL" : timer.kind === "syn_ack_retransmit" ? "RTO (SYN-ACK)" : "RTO",
    );
    return <LadderDiagram segments={segments} timers={timers} labels={labels} highlight={highlight} id={id} />;
  }
  if (annotation) {
    const problemAt = new Map(annotation.problems.map((p) => [p.index, p.message[locale]]));
    const segments: LadderSegment[] = annotation.segments.map((s) => ({
      from: s.from,
      flags: s.flags,
      seq: s.seq,
      ack: s.ack,
      len: s.len,
      client: s.client,
      server: s.server,
      note: problemAt.get(s.index) ?? s.problems[0]?.message[locale],
    }));
    return <LadderDiagram segments={segments} labels={labels} highlight={highlight} id={id} />;
  }
  return null;
}
