/** The clear message for each refused import, in the learner's language (pure). */
import { format } from "@/lib/i18n/dictionaries";
import type { en } from "@/lib/i18n/features/dashboard";
import type { Widen } from "@/lib/i18n/widen";
import type { ProgressFileError } from "./progress-file";

type ErrorStrings = Widen<typeof en>["errors"];

export type ImportRefusal =
  | ProgressFileError
  | { code: "failed" | "too_large" | "cross_origin" | "not_utf8" | "too_complex" | "busy" | "locked" | "disk_full" | "read_only" };

export function importErrorMessage(error: ImportRefusal, t: ErrorStrings): string {
  switch (error.code) {
    case "not_json":
      return t.notJson;
    case "not_progress":
      return t.notProgress;
    case "unknown_version":
      return format(t.unknownVersion, { version: error.version });
    case "checksum":
      return t.checksum;
    case "invalid":
      return format(t.invalid, { details: error.details });
    case "inconsistent":
      return format(t.inconsistent, { details: error.details });
    case "unknown_items":
      return format(t.unknownItems, { ids: error.ids.slice(0, 10).join(", ") + (error.ids.length > 10 ? ", …" : "") });
    case "too_large":
      return t.tooLarge;
    case "cross_origin":
      return t.crossOrigin;
    case "failed":
      return t.failed;
    case "not_utf8":
      return t.notUtf8;
    case "too_complex":
      return t.tooComplex;
    case "busy":
      return t.busy;
    case "locked":
      return t.locked;
    case "disk_full":
      return t.diskFull;
    case "read_only":
      return t.readOnly;
  }
}
