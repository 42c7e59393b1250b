import "server-only";
import path from "node:path";
import { loadContent, type LoadedItem } from "@/lib/content/loader";
import { TOPICS } from "@/lib/content/topics";

/**
 * The question bank as this process knows it: read from content/ once (start-up has already
 * refused invalid content and synchronised it into the database).
 */
export interface Bank {
  items: LoadedItem[];
  byId: Map<string, LoadedItem>;
  topics: typeof TOPICS;
}

const g = globalThis as unknown as { tcpDrillBank?: Bank };

export function getBank(): Bank {
  if (!g.tcpDrillBank) {
    const loaded = loadContent(path.join(process.cwd(), "content"));
    g.tcpDrillBank = { items: loaded.items, byId: new Map(loaded.items.map((i) => [i.id, i])), topics: TOPICS };
  }
  return g.tcpDrillBank;
}
