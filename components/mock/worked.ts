import "server-only";
import type { Item } from "@/lib/content/schema";
import type { Locale } from "@/lib/i18n/config";
import { format } from "@/lib/i18n/dictionaries";
import type { MockStrings } from "@/lib/i18n/features/mock";
import { sendLabel } from "@/lib/i18n/features/tcp-terms";
import { fieldName } from "@/lib/mock/grade";
import { sendField } from "@/lib/mock/grade";
import { STATE_CHOICES, traceInstance, type LadderInstance } from "@/lib/mock/items";
import { SEND_KINDS, TCP_STATES } from "@/lib/tcp";
import { PHASE_LABELS, PHASES, type TransferInstance } from "@/lib/content/transfer";
import type { FieldGroup } from "./answer-form";

/** The inputs of a worked turn, with labels in the page's language (built on the server). */
export function ladderGroups(ladder: LadderInstance, t: MockStrings): FieldGroup[] {
  const states = TCP_STATES.map((s) => ({ value: s, label: s }));
  return ladder.rows.map((r, i) => ({
    legend: format(t.worked.segment, { n: i + 1, dir: r.from === "client" ? t.worked.clientToServer : t.worked.serverToClient }),
    note: [r.len > 0 ? format(t.worked.bytes, { n: r.len }) : null, r.lost ? t.worked.lostSegment : null].filter(Boolean).join(" · ") || undefined,
    fields: [
      { name: fieldName(i, "flags"), label: t.worked.flags, kind: "text" },
      { name: fieldName(i, "seq"), label: t.worked.seq, kind: "text", numeric: true },
      { name: fieldName(i, "ack"), label: t.worked.ack, kind: "text", numeric: true },
      { name: fieldName(i, "client"), label: t.worked.clientState, kind: "select", options: states },
      { name: fieldName(i, "server"), label: t.worked.serverState, kind: "select", options: states },
    ],
  }));
}

export function stateGroups(t: MockStrings, lang: Locale = "en"): FieldGroup[] {
  return [
    {
      legend: t.worked.nextState,
      fields: [
        { name: "next", label: t.worked.nextState, kind: "select", options: STATE_CHOICES.map((s) => ({ value: s, label: s === "REFUSED" ? t.worked.refused : s })) },
      ],
    },
    { legend: t.worked.sends, fields: SEND_KINDS.map((k) => ({ name: sendField(k), label: sendLabel(k, lang), kind: "checkbox" as const })) },
  ];
}

export function traceGroups(item: Item, t: MockStrings): FieldGroup[] | null {
  const answer = traceInstance(item);
  if (!answer || item.type !== "trace") return null;
  const states = TCP_STATES.map((s) => ({ value: s, label: s }));
  if (answer.kind === "states") {
    return [
      {
        legend: format(t.worked.traceStates, { line: answer.line }),
        fields: [
          { name: "client", label: t.worked.clientState, kind: "select", options: states },
          { name: "server", label: t.worked.serverState, kind: "select", options: states },
        ],
      },
    ];
  }
  const lines = item.trace.trim().split("\n").length;
  return [
    {
      legend: t.worked.traceImpossible,
      fields: [
        {
          name: "line",
          label: t.worked.traceImpossible,
          kind: "select",
          options: [...Array.from({ length: lines }, (_, i) => ({ value: String(i + 1), label: format(t.worked.line, { n: i + 1 }) })), { value: "none", label: t.worked.everyLine }],
        },
      ],
    },
  ];
}

/** The values a transfer item asks, one input each: numbers as text, the congestion phase as a choice. */
export function calcGroups(inst: TransferInstance, t: MockStrings, lang: "zh" | "en"): FieldGroup[] {
  return [
    {
      legend: t.worked.calcGiven,
      note: inst.given.map((g) => g[lang]).join(" · "),
      fields: inst.fields.map((f) =>
        f.kind === "phase"
          ? { name: f.key, label: f.label[lang], kind: "select" as const, options: PHASES.map((p) => ({ value: p, label: PHASE_LABELS[p][lang] })) }
          : { name: f.key, label: f.label[lang], kind: "text" as const, numeric: true },
      ),
    },
  ];
}

export type { Locale };
