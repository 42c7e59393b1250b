import { isCrossSite } from "@/lib/http/same-origin";

/** Same-origin check for the mock interview's server actions (lib/http/same-origin.ts). */
export function isSameOrigin(headers: { get(name: string): string | null }): boolean {
  return !isCrossSite(headers);
}
