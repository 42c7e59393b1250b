/** Test helper: the real bank's items by id, loaded once per test file (lazily, so a missing id fails its test). */
import path from "node:path";
import { loadContent } from "@/lib/content/loader";
import type { Item } from "@/lib/content/schema";

let cache: Map<string, Item> | null = null;
export function bankItems(): Map<string, Item> {
  cache ??= new Map(loadContent(path.join(process.cwd(), "content")).items.map((i) => [i.id, i]));
  return cache;
}
export function bankItem(id: string): Item {
  const it = bankItems().get(id);
  if (!it) throw new Error(`no item ${id}`);
  return it;
}
