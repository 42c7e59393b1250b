import type { NextConfig } from "next";
import { withSerwist } from "@serwist/turbopack";
import { SECURITY_HEADERS } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Several builds can live side by side (parallel development, benchmarks): NEXT_DIST_DIR.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // `npm test` type-checks the whole project with `tsc --noEmit`; the build does not repeat it.
  typescript: { ignoreBuildErrors: true },
  // the FSRS optimiser is a native addon, loaded at run time (lib/schedule/optimize.ts)
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "pg", "@prisma/adapter-pg", "@open-spaced-repetition/binding-linux-x64-gnu"],
  async headers() {
    return [
      {
        source: "/:path*",
        headers: SECURITY_HEADERS,
      },
    ];
  },
};

// withSerwist: the service worker route bundles app/sw.ts with esbuild on the server side (kept external).
export default withSerwist(nextConfig);
