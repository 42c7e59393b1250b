import fc from "fast-check";

/**
 * Property tests explore new random cases on every local run; in CI (CI=true) they replay one
 * fixed seed so that a run is reproducible, unless FC_SEED chooses another. A failure prints its
 * seed and counterexample either way.
 */
const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : process.env.CI ? 20261122 : undefined;
if (seed !== undefined) fc.configureGlobal({ seed });
