/**
 * A bank item as an Anki note in one language (pure): the front is the prompt (with the options
 * of a choice question, the steps of an ordering question or the capture of a trace question);
 * the back is the answer as the bank has it — the prose answer, the correct options, the correct
 * order, or the engine's answer for state and trace questions — then the explanation and the
 * references (RFC sections, Linux sysctls). Sequence and transfer questions draw their numbers
 * afresh on every attempt, so a static card carries their prompt, prose answer if any and
 * explanation, not one fixed draw.
 *
 * Fields are HTML; every bank text is escaped. `sortField` and `checksum` follow Anki
 * (rslib/src/notes/mod.rs): the first field with HTML stripped, and the first 4 bytes of its
 * SHA-1 as a big-endian integer (the first 8 hex digits).
 */
import { createHash } from "node:crypto";
import type { LoadedItem } from "@/lib/content/loader";
import type { Reference } from "@/lib/content/schema";
import { topicById } from "@/lib/content/topics";
import { stateAnswer, traceAnswer } from "@/lib/grading/engine-answers";
import type { Locale } from "@/lib/i18n/config";
import { format, getDictionary } from "@/lib/i18n/dictionaries";

export interface AnkiNoteFields {
  front: string;
  back: string;
  /** Anki tags (no spaces inside a tag) */
  tags: string[];
}

export function escapeHtml(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");
}

const para = (s: string) => `<p>${escapeHtml(s).replaceAll("\n", "<br>")}</p>`;
const section = (heading: string, body: string) => `<h3>${escapeHtml(heading)}</h3>${body}`;
const list = (tag: "ul" | "ol", rows: string[]) => `<${tag}>${rows.map((r) => `<li>${r}</li>`).join("")}</${tag}>`;

/** "RFC 9293 §3.6.1", "Linux ip-sysctl tcp_fin_timeout", linked where the bank or the RFC Editor gives a URL. */
export function referenceHtml(r: Reference): string {
  const label = escapeHtml([r.source, r.section ? `§${r.section}` : null, r.key ?? null].filter(Boolean).join(" "));
  const rfc = /^RFC\s*(\d+)$/i.exec(r.source.trim());
  const href = r.url ?? (rfc ? `https://www.rfc-editor.org/rfc/rfc${rfc[1]}.html${r.section ? `#section-${r.section}` : ""}` : undefined);
  return href ? `<a href="${escapeHtml(href)}">${label}</a>` : label;
}

/**
 * A deterministic shuffle of the ordering steps for the front (the bank writes them in the
 * correct order): rotated by one, so no step stays in its place.
 */
function shownOrder<T>(steps: readonly T[]): T[] {
  return [...steps.slice(1), steps[0]];
}

export function noteFields(item: LoadedItem, lang: Locale): AnkiNoteFields {
  const t = getDictionary(lang).bank;
  const front: string[] = [para(item.prompt[lang])];
  const back: string[] = [];
  if (item.answer) back.push(section(t.answer, para(item.answer[lang])));
  switch (item.type) {
    case "single":
    case "multiple": {
      const correct = new Set(Array.isArray(item.correct) ? item.correct : [item.correct]);
      front.push(list("ol", item.options.map((o) => escapeHtml(o.text[lang]))));
      back.push(
        section(
          t.options,
          list(
            "ol",
            item.options.map((o) =>
              correct.has(o.id)
                ? `<b>✓ ${escapeHtml(o.text[lang])}</b> (${escapeHtml(t.correct)})`
                : `✗ ${escapeHtml(o.text[lang])}${o.why ? `<br><i>${escapeHtml(t.whyWrong)}: ${escapeHtml(o.why[lang])}</i>` : ""}`,
            ),
          ),
        ),
      );
      break;
    }
    case "ordering":
      front.push(list("ul", shownOrder(item.steps).map((s) => escapeHtml(s.text[lang]))));
      back.push(section(t.steps, list("ol", item.steps.map((s) => escapeHtml(s.text[lang]) + (s.state ? ` <code>${s.state}</code>` : "")))));
      break;
    case "state": {
      const r = stateAnswer(item);
      const lines = [format(t.stateStart, { state: item.state, event: item.event })];
      if (r.ok) lines.push(format(t.stateNext, { next: r.next }), format(t.stateSends, { send: r.send.length ? r.send.join(", ") : t.sendsNothing }), r.reason[lang]);
      else {
        lines.push(format(t.stateRejected, { message: r.message[lang] }));
        if (r.send.length) lines.push(format(t.stateSends, { send: r.send.join(", ") }));
      }
      lines.push(format(t.rfcRule, { rule: r.rule }));
      back.push(section(t.engineAnswer, lines.map(para).join("")));
      break;
    }
    case "trace": {
      front.push(`<pre>${escapeHtml(item.trace.split("\n").map((l, i) => `${String(i + 1).padStart(2)}  ${l}`).join("\n"))}</pre>`);
      const a = traceAnswer(item);
      const verdict =
        a.kind === "states"
          ? format(t.traceStates, { line: a.line, client: a.client, server: a.server })
          : a.line === null
            ? t.traceAllValid
            : format(t.traceImpossible, { line: a.line });
      const problems = a.annotation.problems.map((p) => escapeHtml(`${p.line !== undefined ? `${t.line} ${p.line}: ` : ""}${p.message[lang]}`));
      back.push(section(t.engineAnswer, para(verdict) + (problems.length ? list("ul", problems) : "")));
      break;
    }
    default:
      break;
  }
  back.push(section(t.explanation, para(item.explanation[lang])));
  if (item.misconception) back.push(section(t.misconception, para(item.misconception[lang])));
  back.push(section(t.references, list("ul", item.references.map(referenceHtml))));
  const topic = topicById(item.topic);
  return {
    front: front.join(""),
    back: back.join(""),
    tags: ["tcp-drill", `topic::${topic?.id ?? item.topic}`, `type::${item.type}`],
  };
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", nbsp: " " };

/**
 * Anki's strip_html (rslib/src/text.rs) for the fields this module writes: drops comments, style
 * and script blocks and every tag, then decodes the entities escapeHtml produces.
 */
export function stripHtml(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->|<style[\s\S]*?>[\s\S]*?<\/style>|<script[\s\S]*?>[\s\S]*?<\/script>|<[\s\S]*?>/gi, "")
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_m, e: string) => ENTITIES[e]);
}

/** Anki's note checksum: the first 4 bytes of the SHA-1 of the stripped first field, big-endian. */
export function fieldChecksum(firstField: string): number {
  return createHash("sha1").update(stripHtml(firstField)).digest().readUInt32BE(0);
}

/** A stable note GUID per item and language, so importing a newer export updates the same notes. */
export function noteGuid(itemId: string, lang: Locale): string {
  return createHash("sha256").update(`tcp-drill\u0000${lang}\u0000${itemId}`).digest("base64url").slice(0, 16);
}
