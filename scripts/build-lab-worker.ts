/**
 * Bundles the lab explainer's worker thread (lib/lab/worker/entry.ts) with the engine into
 * <build folder>/lab-worker.mjs, which the server (lib/server/lab-pool.ts) starts. Run by
 * `npm run build` after `next build`. esbuild comes with tsx.
 */
import path from "node:path";
import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const out = path.resolve(root, process.env.NEXT_DIST_DIR || ".next", "lab-worker.mjs");
await build({
  entryPoints: [path.join(root, "lib/lab/worker/entry.ts")],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  outfile: out,
  logLevel: "warning",
});
console.log(`lab worker: ${path.relative(root, out)}`);
