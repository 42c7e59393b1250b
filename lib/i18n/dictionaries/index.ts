import type { Locale } from "../config";
import { en, type Dictionary } from "./en";
import { zh } from "./zh";

export type { Dictionary } from "./en";

const DICTIONARIES: Record<Locale, Dictionary> = { en, zh };

export function getDictionary(locale: Locale): Dictionary {
  return DICTIONARIES[locale] ?? en;
}

/**
 * Looks up a dotted key, falling back to English when the key is missing or empty in the
 * requested language (the types make that impossible for UI strings; this guards strings that
 * come from elsewhere, e.g. content written before a translation), and to the key itself last.
 */
export function translate(locale: Locale, key: string, vars?: Record<string, string | number>): string {
  const found = lookup(DICTIONARIES[locale], key) ?? lookup(en, key) ?? key;
  return vars ? format(found, vars) : found;
}

function lookup(dict: unknown, key: string): string | undefined {
  let node: unknown = dict;
  for (const part of key.split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "string" && node !== "" ? node : undefined;
}

/** Replaces {name} placeholders; unknown placeholders are left as they are. */
export function format(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}
