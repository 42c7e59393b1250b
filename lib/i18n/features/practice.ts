import type { Widen } from "../widen";

export const en = {
  placeholder: "—",
} as const;

export const zh: Widen<typeof en> = {
  placeholder: "—",
};
