/**
 * Loads the question bank from content/*.yaml, validates every item with the zod
 * schema and the bank-wide rules, and reports every problem at once as
 * `file:line  field.path: message` (velite / MDN style).
 *
 * Pure apart from reading the directory synchronously: the app (at start-up) and
 * `npm run content:check` share it. The engine checks live in ./check.ts.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { isNode, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import { z } from "zod";
import { isEngineChecked, itemSchema, misconceptionClaim, retiredSchema, type Item, type Retired } from "./schema";

type MisconceptionClaim = z.infer<typeof misconceptionClaim>;
import { TOPICS, type Topic } from "./topics";

export const RETIRED_FILE = "retired.yaml";
/** Bank-wide misconceptions, added to every item graded by key points (see content/misconceptions.yaml). */
export const MISCONCEPTIONS_FILE = "misconceptions.yaml";
export const MIN_ITEMS = 80;
export const MIN_ENGINE_CHECKED = 25;
export const MIN_ITEMS_PER_TOPIC = 3;
export const MIN_TYPES_PER_TOPIC = 2;

export interface ContentError {
  file: string;
  /** 1-based; absent for bank-wide problems */
  line?: number;
  /** dotted field path, starting with the item id (or `#index` when it has none) */
  path: string;
  message: string;
}

export type LoadedItem = Item & {
  /** the file the item came from, as `dir/name.yaml` */
  file: string;
  /** 1-based line where the item starts */
  line: number;
  /** sha256 of the item's stable JSON: changes exactly when the content changes */
  hash: string;
};

export interface LoadResult {
  items: LoadedItem[];
  topics: readonly Topic[];
  retired: Retired[];
  errors: ContentError[];
  /** line of a field of an item, for messages about it (falls back to the item's line) */
  locate(id: string, fieldPath: (string | number)[]): { file: string; line?: number };
}

export function formatError(e: ContentError): string {
  const where = e.line === undefined ? e.file : `${e.file}:${e.line}`;
  return `${where}  ${e.path}: ${e.message}`;
}

/** JSON with object keys sorted, so equal content gives equal text. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]))
      : v,
  );
}

export function contentHash(item: Item): string {
  return createHash("sha256").update(stableJson(item)).digest("hex");
}

interface ParsedFile {
  file: string;
  doc: Document;
  lines: LineCounter;
}

/** The 1-based line of the deepest node that exists along `fieldPath`. */
export function lineOf(parsed: { doc: Document; lines: LineCounter }, fieldPath: (string | number | symbol)[]): number {
  const keys = fieldPath.filter((k): k is string | number => typeof k !== "symbol");
  for (let n = keys.length; n >= 0; n--) {
    const node = n === 0 ? parsed.doc.contents : parsed.doc.getIn(keys.slice(0, n), true);
    if (isNode(node) && node.range) return parsed.lines.linePos(node.range[0]).line;
  }
  return 1;
}

function pathLabel(data: unknown, fieldPath: PropertyKey[]): string {
  if (fieldPath.length === 0) return "(file)";
  const [index, ...rest] = fieldPath;
  const entry = Array.isArray(data) ? (data[index as number] as { id?: unknown } | undefined) : undefined;
  const head = typeof entry?.id === "string" && entry.id.length > 0 ? entry.id : `#${String(index)}`;
  return [head, ...rest.map(String)].join(".");
}

function parseYaml(file: string, text: string, errors: ContentError[]): ParsedFile | null {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const err of doc.errors)
      errors.push({ file, line: lines.linePos(err.pos[0]).line, path: "(yaml)", message: err.message.split("\n")[0] });
    return null;
  }
  return { file, doc, lines };
}

function zodErrors(parsed: ParsedFile, data: unknown, issues: z.core.$ZodIssue[], prefix: PropertyKey[]): ContentError[] {
  return issues.map((issue) => {
    const full = [...prefix, ...issue.path];
    return { file: parsed.file, line: lineOf(parsed, full), path: pathLabel(data, full), message: issue.message };
  });
}

export function loadContent(dir: string): LoadResult {
  const errors: ContentError[] = [];
  const items: LoadedItem[] = [];
  const where = new Map<string, { parsed: ParsedFile; index: number }>();
  let retired: Retired[] = [];
  let shared: MisconceptionClaim[] = [];

  let names: string[] = [];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith(".yaml") || n.endsWith(".yml")).sort();
  } catch (e) {
    errors.push({ file: dir, path: "(dir)", message: `cannot read the content directory: ${(e as Error).message}` });
  }

  for (const name of names) {
    const file = path.join(dir, name);
    const parsed = parseYaml(file, fs.readFileSync(file, "utf8"), errors);
    if (!parsed) continue;
    const data: unknown = parsed.doc.toJS();

    if (name === MISCONCEPTIONS_FILE) {
      const r = z.array(misconceptionClaim).safeParse(data ?? []);
      if (r.success) shared = r.data;
      else errors.push(...zodErrors(parsed, data, r.error.issues, []));
      continue;
    }

    if (name === RETIRED_FILE) {
      const r = retiredSchema.safeParse(data ?? []);
      if (r.success) retired = r.data;
      else errors.push(...zodErrors(parsed, data, r.error.issues, []));
      continue;
    }

    if (!Array.isArray(data) || !isSeq(parsed.doc.contents)) {
      errors.push({ file, line: 1, path: "(file)", message: "a content file must be a YAML list of items" });
      continue;
    }
    const topic = name.replace(/\.ya?ml$/, "");
    data.forEach((raw, index) => {
      const r = itemSchema.safeParse(raw);
      if (!r.success) {
        errors.push(...zodErrors(parsed, data, r.error.issues, [index]));
        return;
      }
      const item = r.data;
      const line = lineOf(parsed, [index]);
      if (item.topic !== topic)
        errors.push({ file, line: lineOf(parsed, [index, "topic"]), path: `${item.id}.topic`, message: `topic "${item.topic}" belongs in ${item.topic}.yaml, not ${name}` });
      items.push({ ...item, file, line, hash: contentHash(item) });
      if (!where.has(item.id)) where.set(item.id, { parsed, index });
    });
  }

  // Every item graded by key points is also checked against the bank-wide misconceptions (its own
  // declaration of the same id wins); the hash covers them, so a change re-syncs the item.
  if (shared.length > 0) {
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (item.keyPoints.length === 0) continue;
      const own = new Set(item.misconceptions.map((m) => m.id));
      const merged = { ...item, misconceptions: [...item.misconceptions, ...shared.filter((m) => !own.has(m.id))] };
      const { file, line, hash: _hash, ...plain } = merged;
      items[i] = { ...merged, file, line, hash: contentHash(plain as Item) };
    }
  }

  const locate = (id: string, fieldPath: (string | number)[]) => {
    const w = where.get(id);
    if (!w) return { file: dir };
    return { file: w.parsed.file, line: lineOf(w.parsed, [w.index, ...fieldPath]) };
  };

  errors.push(...bankErrors(dir, items, retired, locate));
  return { items, topics: TOPICS, retired, errors, locate };
}

/** Rules across items and files: ids, follow-ups, retired ids, coverage. */
export function bankErrors(
  dir: string,
  items: LoadedItem[],
  retired: Retired[],
  locate: LoadResult["locate"] = (_id, _p) => ({ file: dir }),
): ContentError[] {
  const errors: ContentError[] = [];
  const at = (item: LoadedItem, fieldPath: (string | number)[], message: string) => {
    const loc = fieldPath.length === 0 ? { file: item.file, line: item.line } : locate(item.id, fieldPath);
    errors.push({ file: item.file, line: loc.file === item.file ? loc.line : item.line, path: [item.id, ...fieldPath].join("."), message });
  };

  const firstById = new Map<string, LoadedItem>();
  for (const item of items) {
    const first = firstById.get(item.id);
    if (first) at(item, ["id"], `duplicate id "${item.id}", already used at ${first.file}:${first.line}`);
    else firstById.set(item.id, item);
  }

  const retiredIds = new Map<string, Retired>();
  for (const r of retired) {
    if (retiredIds.has(r.id))
      errors.push({ file: path.join(dir, RETIRED_FILE), path: r.id, message: `retired twice` });
    retiredIds.set(r.id, r);
  }

  for (const item of items) {
    const r = retiredIds.get(item.id);
    if (r) at(item, ["id"], `id "${item.id}" was retired on ${r.date} (${r.reason}); retired ids are never reused`);

    item.followUps.forEach((f, i) => {
      if (f === item.id) at(item, ["followUps", i], "an item cannot be its own follow-up");
      else if (retiredIds.has(f)) at(item, ["followUps", i], `follow-up "${f}" is retired`);
      else if (!firstById.has(f)) at(item, ["followUps", i], `follow-up "${f}" does not exist`);
    });

    const kpIds = item.keyPoints.map((k) => k.id);
    kpIds.forEach((k, i) => {
      if (kpIds.indexOf(k) !== i) at(item, ["keyPoints", i, "id"], `duplicate key point id "${k}"`);
    });
  }

  const bank = dir;
  for (const topic of TOPICS) {
    const of = items.filter((i) => i.topic === topic.id);
    const types = new Set(of.map((i) => i.type));
    if (of.length < MIN_ITEMS_PER_TOPIC || types.size < MIN_TYPES_PER_TOPIC)
      errors.push({
        file: path.join(dir, `${topic.id}.yaml`),
        path: `(topic ${topic.id})`,
        message: `has ${of.length} item(s) of ${types.size} type(s); every topic needs at least ${MIN_ITEMS_PER_TOPIC} items of at least ${MIN_TYPES_PER_TOPIC} types`,
      });
  }
  const unique = firstById.size;
  if (unique < MIN_ITEMS)
    errors.push({ file: bank, path: "(bank)", message: `has ${unique} items; at least ${MIN_ITEMS} are required` });
  const engine = [...firstById.values()].filter(isEngineChecked).length;
  if (engine < MIN_ENGINE_CHECKED)
    errors.push({ file: bank, path: "(bank)", message: `has ${engine} engine-checked items; at least ${MIN_ENGINE_CHECKED} are required` });

  return errors;
}

export function summarize(items: Item[]): { total: number; engineChecked: number; byTopic: Record<string, number>; byType: Record<string, number> } {
  const byTopic: Record<string, number> = {};
  const byType: Record<string, number> = {};
  for (const i of items) {
    byTopic[i.topic] = (byTopic[i.topic] ?? 0) + 1;
    byType[i.type] = (byType[i.type] ?? 0) + 1;
  }
  return { total: items.length, engineChecked: items.filter(isEngineChecked).length, byTopic, byType };
}

