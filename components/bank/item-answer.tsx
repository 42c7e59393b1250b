import type { LoadedItem } from "@/lib/content/loader";
import { seededRandom } from "@/lib/content/sequence";
import { drawTransfer, PHASE_LABELS } from "@/lib/content/transfer";
import { sequenceInstance, stateAnswer, traceAnswer, orderingSteps } from "@/lib/grading/engine-answers";
import { format, type Dictionary } from "@/lib/i18n/dictionaries";
import type { Locale } from "@/lib/i18n/config";
import { EngineLadder } from "./engine-ladder";

const h2 = "mb-2 mt-6 text-lg font-semibold";

/** The answer to a question as the bank page shows it; engine types ask the engine. */
export function ItemAnswer({ item, t, locale }: { item: LoadedItem; t: Dictionary; locale: Locale }) {
  switch (item.type) {
    case "flashcard":
    case "open":
      return null; // the prose answer is shown by the page
    case "single":
    case "multiple": {
      const correct = new Set(Array.isArray(item.correct) ? item.correct : [item.correct]);
      return (
        <section aria-labelledby="options-h">
          <h2 id="options-h" className={h2}>
            {t.bank.options}
          </h2>
          <ul className="space-y-2">
            {item.options.map((o) => (
              <li key={o.id} className="rounded-md border border-[var(--color-border)] p-3">
                <span className={correct.has(o.id) ? "font-semibold text-[var(--color-success)]" : undefined}>
                  {correct.has(o.id) ? "✓ " : "✗ "}
                  {o.text[locale]}
                  {correct.has(o.id) ? <span className="sr-only"> ({t.bank.correct})</span> : null}
                </span>
                {o.why ? (
                  <p className="mt-1 text-sm text-[var(--color-muted)]">
                    {t.bank.whyWrong}: {o.why[locale]}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      );
    }
    case "ordering": {
      const steps = orderingSteps(item);
      return (
        <section aria-labelledby="steps-h">
          <h2 id="steps-h" className={h2}>
            {t.bank.steps}
          </h2>
          <ol className="list-decimal space-y-1 pl-6">
            {item.steps.map((s, i) => (
              <li key={i}>
                {s.text[locale]}
                {s.state ? <code className="ml-2 text-sm text-[var(--color-muted)]">{s.state}</code> : null}
              </li>
            ))}
          </ol>
          {steps ? <Ladder t={t}><EngineLadder t={t} locale={locale} steps={steps} id={`ladder-${item.id}`} /></Ladder> : null}
        </section>
      );
    }
    case "state": {
      const r = stateAnswer(item);
      return (
        <section aria-labelledby="engine-h">
          <h2 id="engine-h" className={h2}>
            {t.bank.engineAnswer}
          </h2>
          <p className="font-mono text-sm">{format(t.bank.stateStart, { state: item.state, event: item.event })}</p>
          {r.ok ? (
            <p className="mt-2">
              <strong>{format(t.bank.stateNext, { next: r.next })}</strong>
              {" · "}
              {format(t.bank.stateSends, { send: r.send.length ? r.send.join(", ") : t.bank.sendsNothing })}
              <span className="block text-sm text-[var(--color-muted)]">{r.reason[locale]}</span>
            </p>
          ) : (
            <p className="mt-2">
              <strong>{format(t.bank.stateRejected, { message: r.message[locale] })}</strong>
              {r.send.length ? <> · {format(t.bank.stateSends, { send: r.send.join(", ") })}</> : null}
            </p>
          )}
          <p className="mt-1 text-sm text-[var(--color-muted)]">{format(t.bank.rfcRule, { rule: r.rule })}</p>
        </section>
      );
    }
    case "transfer": {
      // A fixed draw for the reference page; practice draws afresh each time.
      const inst = drawTransfer(item.calc, seededRandom(hashSeed(item.id)));
      const options = inst.fields.flatMap((f) => f.options ?? []);
      const shown = (v: number | string) =>
        typeof v === "string" && v in PHASE_LABELS
          ? PHASE_LABELS[v as keyof typeof PHASE_LABELS][locale]
          : (options.find((o) => o.id === v)?.label[locale] ?? String(v));
      return (
        <section aria-labelledby="engine-h">
          <h2 id="engine-h" className={h2}>
            {t.bank.engineAnswer}
          </h2>
          <p className="text-sm text-[var(--color-muted)]">{t.bank.transferIntro}</p>
          <ul className="mt-2 list-disc pl-5 font-mono text-sm">
            {inst.given.map((g, i) => (
              <li key={i} className="break-all">{g[locale]}</li>
            ))}
          </ul>
          {inst.exhibit ? <pre tabIndex={0} className="mt-2 max-h-96 overflow-auto font-mono text-xs">{inst.exhibit[locale]}</pre> : null}
          {inst.handler ? <pre tabIndex={0} className="mt-2 overflow-auto font-mono text-xs">{inst.handler[locale]}</pre> : null}
          <ul className="mt-2 text-sm">
            {inst.fields.map((f) => (
              <li key={f.key}>
                {f.label[locale]} = <strong className="font-mono">{shown(inst.expected[f.key])}</strong>
              </li>
            ))}
          </ul>
          <ol className="mt-2 space-y-0.5 font-mono text-xs sm:text-sm">
            {inst.steps.map((x, i) => (
              <li key={i} className="break-words">{x[locale]}</li>
            ))}
          </ol>
        </section>
      );
    }
    case "sequence": {
      // A fixed draw for the reference page; practice draws afresh each time.
      const inst = sequenceInstance(item, seededRandom(hashSeed(item.id)));
      return (
        <section aria-labelledby="engine-h">
          <h2 id="engine-h" className={h2}>
            {t.bank.engineAnswer}
          </h2>
          <p className="text-sm text-[var(--color-muted)]">
            {format(t.bank.sequenceIntro, { client: inst.options.iss?.client ?? "?", server: inst.options.iss?.server ?? "?" })}
          </p>
          <ul className="mt-2 font-mono text-sm">
            {inst.blanks.map((b) => (
              <li key={`${b.segment}-${b.field}`}>
                {format(t.bank.blank, { segment: b.segment + 1, field: b.field })} = {b.value}
              </li>
            ))}
          </ul>
          <Ladder t={t}>
            <EngineLadder t={t} locale={locale} steps={inst.steps} id={`ladder-${item.id}`} />
          </Ladder>
        </section>
      );
    }
    case "trace": {
      const ans = traceAnswer(item);
      return (
        <section aria-labelledby="engine-h">
          <h2 id="engine-h" className={h2}>
            {t.bank.engineAnswer}
          </h2>
          <pre className="overflow-x-auto rounded-md bg-[var(--color-surface)] p-3 text-xs leading-relaxed">
            {item.trace.split("\n").map((l, i) => `${String(i + 1).padStart(2)}  ${l}`).join("\n")}
          </pre>
          <p className="mt-2 font-semibold">
            {ans.kind === "states"
              ? format(t.bank.traceStates, { line: ans.line, client: ans.client, server: ans.server })
              : ans.line === null
                ? t.bank.traceAllValid
                : format(t.bank.traceImpossible, { line: ans.line })}
          </p>
          {ans.annotation.problems.length > 0 ? (
            <ul className="mt-1 text-sm text-[var(--color-danger)]">
              {ans.annotation.problems.map((p, i) => (
                <li key={i}>
                  {p.line !== undefined ? `${t.bank.line} ${p.line}: ` : ""}
                  {p.message[locale]}
                </li>
              ))}
            </ul>
          ) : null}
          <Ladder t={t}>
            <EngineLadder t={t} locale={locale} annotation={ans.annotation} id={`ladder-${item.id}`} />
          </Ladder>
        </section>
      );
    }
  }
}

function Ladder({ t, children }: { t: Dictionary; children: React.ReactNode }) {
  return (
    <figure className="mt-4 max-w-md" data-testid="ladder">
      <figcaption className="mb-1 text-sm font-medium">{t.bank.ladder}</figcaption>
      {children}
    </figure>
  );
}

function hashSeed(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
