/**
 * Interview-date mode (lib/schedule) on seeded simulated learners whose true memory follows FSRS-6
 * with weights perturbed from the defaults: mean TRUE recall on the interview date with the plan
 * beside standard FSRS at 0.9 retention (same daily budget and new-card limit, interview in 14 and
 * in 30 days); the optimiser's held-out log loss and RMSE before and after fitting; calibration
 * (Brier score, reliability by decile) for learners whose true weights are the fitted ones; and a
 * workload-vs-retention curve.
 */
import { drawLearner, compareSchedules, Simulation } from "../../lib/schedule/simulate";
import { optimizeWeights } from "../../lib/schedule/optimize";
import { brierScore, outcomesOf, reliabilityBins, workloadCurve } from "../../lib/schedule/calibration";

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

export async function runScheduleBench(): Promise<void> {
  const config = { seed: 2026, learners: 4, cards: 120, warmupDays: 20, newPerDay: 5 };
  console.log(`\n## schedule: interview-date mode vs standard FSRS at 0.9 (${config.learners} learners, ${config.cards} cards, ${config.warmupDays} days of standard practice first, the same daily budget for all, ≤ ${config.newPerDay} new/day, true weights = defaults × e^(0.3·N(0,1)), scheduler on default weights)`);
  console.log("| budget | interview in | interview-date mode | standard FSRS 0.9 | difference | learners won | standard FSRS 0.97 | minutes/day used (mode / 0.9 / 0.97) | run time |");
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  const runs: [number, number, boolean][] = [[3, 14, false], [3, 30, false], [8, 14, false], [8, 30, false], [3, 14, true], [3, 30, true]];
  for (const [dailyMinutes, days, fitted] of runs) {
    const t = performance.now();
    const rows = compareSchedules({ ...config, dailyMinutes, interviewDays: days, fitted });
    const mean = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0) / rows.length;
    const a = mean((r) => r.interview);
    const b = mean((r) => r.standard);
    console.log(`| ${dailyMinutes} min/day${fitted ? ", scheduler on the true weights" : ""} | ${days} days | ${pct(a)} | ${pct(b)} | ${((a - b) * 100).toFixed(1)} points | ${rows.filter((r) => r.interview > r.standard).length}/${rows.length} | ${pct(mean((r) => r.standardHigh))} | ${mean((r) => r.interviewMinutes).toFixed(1)} / ${mean((r) => r.standardMinutes).toFixed(1)} / ${mean((r) => r.standardHighMinutes).toFixed(1)} | ${((performance.now() - t) / 1000).toFixed(1)} s |`);
  }

  console.log("\n## schedule: FSRS optimiser on held-out cards (a fifth of the cards), default weights vs fitted");
  console.log("| learner | reviews | log loss default | log loss fitted | RMSE(bins) default | RMSE(bins) fitted | status | fit time |");
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const seed of [101, 102, 103]) {
    const sim = new Simulation({ learner: drawLearner(seed, 0.4), cards: 600, seed });
    for (let d = 0; d < 150; d++) {
      sim.standardDay(Infinity, 15, 0.3);
      sim.nextDay();
    }
    const t = performance.now();
    const r = await optimizeWeights(sim.log.map((l) => ({ cardId: String(l.card), at: new Date(l.at), rating: l.rating })));
    const f = (x: number | undefined) => (x === undefined ? "—" : x.toFixed(4));
    console.log(`| ${seed} | ${sim.log.length} | ${f(r.before?.logLoss)} | ${f(r.after?.logLoss)} | ${f(r.before?.rmseBins)} | ${f(r.after?.rmseBins)} | ${r.status} | ${(performance.now() - t).toFixed(0)} ms |`);
  }

  console.log("\n## schedule: calibration when the scheduler's weights are the learner's true ones (reliability by decile of the prediction)");
  for (const seed of [13, 14]) {
    const learner = drawLearner(seed, 0.4);
    const sim = new Simulation({ learner, schedWeights: learner.trueWeights, cards: 1500, seed });
    for (let d = 0; d < 150; d++) {
      sim.standardDay(Infinity, 30, 0.5);
      sim.nextDay();
    }
    const pts = outcomesOf(sim.log);
    const bins = reliabilityBins(pts);
    const worst = Math.max(...bins.map((b) => Math.abs(b.observed - b.predicted)));
    console.log(`learner ${seed}: ${pts.length} reviews, Brier ${brierScore(pts).toFixed(4)}, worst decile ${(worst * 100).toFixed(1)} points (goal ±5)`);
    console.log(`  predicted: ${bins.map((b) => pct(b.predicted)).join(" | ")}`);
    console.log(`  observed:  ${bins.map((b) => pct(b.observed)).join(" | ")}`);
  }

  const learner = drawLearner(13, 0.4);
  const t = performance.now();
  const curve = workloadCurve({ weights: learner.trueWeights, ratings: learner.ratings, seconds: learner.seconds, retentions: [0.7, 0.75, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97], cards: 100, days: 180 });
  console.log(`\n## schedule: workload vs desired retention (learner 13, 100 cards at 10 new/day, 180 days; ${((performance.now() - t) / 1000).toFixed(1)} s)`);
  console.log("| desired retention | reviews/day | minutes/day | mean recall |");
  console.log("| --- | --- | --- | --- |");
  for (const p of curve) console.log(`| ${p.retention.toFixed(2)} | ${p.reviewsPerDay.toFixed(1)} | ${p.minutesPerDay.toFixed(1)} | ${pct(p.meanRecall)} |`);
}
