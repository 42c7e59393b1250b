// Dev aid: print an item's key-point and misconception claims (npx tsx scripts/dev/claims.ts ITEM [POINT_OR_MISCONCEPTION_ID]).
import { loadContent } from "../../lib/content/loader";
const [id, only] = process.argv.slice(2);
const r = loadContent("content");
const item: any = r.items.find((i) => i.id === id);
for (const k of item.keyPoints ?? []) if (!only || k.id === only) console.log(`KP ${k.id}${k.optional ? " (optional)" : ""}:\n  ${k.claims.join("\n  ")}`);
for (const m of [...(item.misconceptions ?? []), ...((r as any).misconceptions ?? [])]) if (!only || m.id === only) console.log(`MIS ${m.id}:\n  ${m.claims.join("\n  ")}`);
