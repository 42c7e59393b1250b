import { createSerwistRoute } from "@serwist/turbopack";

/**
 * Serves the service worker (app/sw.ts) at /serwist/sw.js, bundled at build time with the
 * project's esbuild (no download) and its precache list: the build's scripts and styles.
 */
export const { dynamic, dynamicParams, revalidate, generateStaticParams, GET } = createSerwistRoute({
  swSrc: "app/sw.ts",
  useNativeEsbuild: true,
  // scripts and styles of the build: what the practice page needs to start with no connection
  globPatterns: [`${process.env.NEXT_DIST_DIR || ".next"}/static/**/*.{js,css}`],
  // the bundled service worker is minified; its source map is not needed by browsers
  esbuildOptions: { sourcemap: false },
});
