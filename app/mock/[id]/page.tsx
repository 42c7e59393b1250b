import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { AnswerForm, type AnswerStrings, type FieldGroup } from "@/components/mock/answer-form";
import { describeAnsweredTurns, interviewerSays } from "@/components/mock/interviewer";
import { HighlightedAnswer, TalkResult, WorkedResult, turnMeta } from "@/components/mock/turn-view";
import { calcGroups, ladderGroups, stateGroups, traceGroups } from "@/components/mock/worked";
import { topicById } from "@/lib/content/topics";
import { HTML_LANG } from "@/lib/i18n/config";
import { format } from "@/lib/i18n/dictionaries";
import { getI18n } from "@/lib/i18n/server";
import { modeOf } from "@/lib/mock/items";
import { buildReport } from "@/lib/mock/model";
import { turnCalc, turnLadder } from "@/lib/mock/turn";
import { getBank } from "@/lib/server/bank";
import { getMockView } from "@/lib/server/mock";
import { getCurrentUser } from "@/lib/server/users";
import { endMockAction, submitAnswerAction } from "../actions";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.mock.interview.title };
}

export default async function InterviewPage({ params }: Props) {
  const { id } = await params;
  const [{ t, locale }, user] = await Promise.all([getI18n(), getCurrentUser()]);
  const view = await getMockView(user.id, id);
  if (!view) notFound();
  if (view.interview.status !== "active") redirect(`/mock/${id}/report`);
  const tm = t.mock;
  const lang = view.interview.lang;
  const bank = getBank();
  const answered = view.turns.filter((x) => x.answeredAt !== null);
  const report = buildReport(view.interview, answered, bank.byId, null);
  const probeCounts = new Map<string, number>();
  for (const r of report.turns) if (r.kind === "probe") probeCounts.set(r.itemId, r.probeCount);

  const open = view.open;
  const item = open ? bank.byId.get(open.itemId) : undefined;
  const mode = item ? modeOf(item) : null;
  const ladder = open && item && mode === "ladder" ? turnLadder(item, view.interview.seed, open.index) : null;
  let groups: FieldGroup[] | null = null;
  if (item && mode === "ladder" && ladder) groups = ladderGroups(ladder, tm);
  else if (item && mode === "state") groups = stateGroups(tm, locale);
  else if (item && mode === "trace") groups = traceGroups(item, tm);
  const calc = open && item && mode === "calc" ? turnCalc(item, view.interview.seed, open.index) : null;
  if (calc) groups = calcGroups(calc, tm, lang);
  const says = open ? interviewerSays(tm, open, item, lang, { probeCount: (probeCounts.get(open.itemId) ?? 0) + 1, ladder, calc }) : null;
  const topic = item ? topicById(item.topic) : undefined;

  const strings: AnswerStrings = {
    answerLabel: tm.interview.answerLabel,
    answerHelp: tm.interview.answerHelp,
    submit: tm.interview.submit,
    submitting: tm.interview.submitting,
    end: tm.interview.end,
    endConfirm: tm.interview.endConfirm,
    chars: tm.interview.chars,
    tooLong: tm.interview.tooLong,
    draftSaved: tm.interview.draftSaved,
    draftFailed: tm.interview.draftFailed,
    clockQuestion: tm.interview.clockQuestion,
    clockTotal: tm.interview.clockTotal,
    choose: tm.worked.choose,
    errors: { stale: tm.interview.stale, finished: tm.interview.finished, invalid: tm.interview.invalid, cross_origin: tm.interview.invalid, not_found: tm.interview.invalid, unavailable: tm.interview.unavailable },
  };
  const qLang = HTML_LANG[lang];

  return (
    <div>
      <p className="mb-2 text-sm">
        <Link href="/mock">← {tm.report.back}</Link>
      </p>
      <h1 className="text-2xl font-bold tracking-tight">{tm.interview.title}</h1>
      <p className="text-sm text-[var(--color-muted)]">
        {tm.focuses[view.interview.focus as keyof typeof tm.focuses] ?? view.interview.focus} · {tm.langs[lang]} · {format(tm.start.minutes, { n: view.interview.lengthMinutes })}
      </p>

      {report.turns.length > 0 ? (
        <section aria-labelledby="transcript-h" className="mt-6">
          <h2 id="transcript-h" className="mb-2 text-lg font-semibold">
            {tm.interview.transcript}
          </h2>
          <ol className="space-y-4">
            {describeAnsweredTurns(tm, report.turns, view.turns, view.interview.seed, bank.byId, lang).map(({ turn: r, record: rec, ladder: l, said }) => {
              return (
                <li key={r.index} className="rounded border border-[var(--color-border)] p-3">
                  <p className="text-sm font-medium text-[var(--color-muted)]">
                    {tm.interview.interviewer} · {tm.interview.kinds[r.kind]}
                  </p>
                  <p lang={qLang}>
                    {said.lead ? <span>{said.lead} </span> : null}
                    {said.question}
                  </p>
                  <p className="mt-2 text-sm font-medium text-[var(--color-muted)]">{tm.interview.you}</p>
                  {r.mode === "talk" ? <HighlightedAnswer turn={r} empty={tm.interview.emptyAnswer} /> : null}
                  <p className="mt-1 text-sm">{turnMeta(r, t)}</p>
                  {r.mode === "talk" ? (
                    <TalkResult turn={r} t={t} interviewId={id} turnId={rec.id} back="interview" />
                  ) : (
                    <WorkedResult turn={r} t={t} ladder={l} lang={lang} />
                  )}
                </li>
              );
            })}
          </ol>
          {report.turns.some((r) => r.mode === "talk" && r.segments.some((s) => s.matched)) ? (
            <p className="mt-2 text-sm text-[var(--color-muted)]">{tm.interview.highlightNote}</p>
          ) : null}
        </section>
      ) : null}

      {open && says ? (
        <section aria-labelledby="current-h" className="mt-6 rounded-md border-2 border-[var(--color-accent)] p-4">
          <h2 id="current-h" className="text-lg font-semibold">
            {open.kind === "opening" ? tm.interview.current : tm.interview.kinds[open.kind]}
            {topic ? <span className="font-normal text-[var(--color-muted)]"> · {topic.name[locale]}</span> : null}
          </h2>
          <div aria-live="polite" aria-atomic="true" className="mt-2" data-testid="interviewer">
            <p className="text-sm font-medium text-[var(--color-muted)]">{tm.interview.interviewer}</p>
            <p lang={qLang} className="text-lg">
              {says.lead ? <span>{says.lead} </span> : null}
              {says.question}
            </p>
            {says.context ? (
              <p lang={qLang} className="mt-1 text-sm text-[var(--color-muted)]">
                {says.context}
              </p>
            ) : null}
          </div>
          {item && item.type === "trace" ? (
            <pre className="mt-3 overflow-x-auto rounded bg-[var(--color-surface)] p-2 text-xs">
              {item.trace
                .trim()
                .split("\n")
                .map((line, i) => `${String(i + 1).padStart(2, " ")}  ${line}`)
                .join("\n")}
            </pre>
          ) : null}
          <AnswerForm
            key={open.id}
            interviewId={id}
            turnId={open.id}
            groups={groups}
            initialDraft={open.draft ?? ""}
            openMs={view.openMs}
            usedMs={view.usedMs}
            lengthMs={view.interview.lengthMs}
            s={strings}
            submitAction={submitAnswerAction}
            endAction={endMockAction}
          />
        </section>
      ) : null}
    </div>
  );
}
