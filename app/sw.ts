/// <reference lib="webworker" />
/**
 * The service worker (bundled by @serwist/turbopack, served at /serwist/sw.js by
 * app/serwist/[path]/route.ts): precaches the build's scripts and styles, and keeps the practice
 * page so it opens with no connection. Nothing else is cached: every other page and every API
 * answer goes to the network as before (a learner's data is never served from a cache to anyone,
 * and the practice page's cache is dropped at sign-out and sign-in). The practice data itself
 * (the rest of the session, ratings made offline) is kept by the page in IndexedDB
 * (components/practice/offline-store.ts).
 */
import type { PrecacheEntry, SerwistGlobalConfig } from "serwist";
import { ExpirationPlugin, NetworkFirst, Serwist } from "serwist";

declare global {
  interface WorkerGlobalScope extends SerwistGlobalConfig {
    __SW_MANIFEST: (PrecacheEntry | string)[] | undefined;
  }
}

declare const self: ServiceWorkerGlobalScope;

/** Must equal PAGE_CACHE in components/practice/offline-store.ts (cleared from the page at sign-out). */
const PAGE_CACHE = "tcp-drill-pages";

const serwist = new Serwist({
  precacheEntries: self.__SW_MANIFEST,
  skipWaiting: true,
  clientsClaim: true,
  navigationPreload: false,
  runtimeCaching: [
    {
      // The practice page's HTML (it carries its own data): the network first, the last copy
      // when there is none. Server-component payloads (?_rsc) are not kept.
      matcher: ({ request, url, sameOrigin }) =>
        sameOrigin && request.method === "GET" && url.pathname === "/practice" && url.search === "" && request.headers.get("RSC") === null,
      handler: new NetworkFirst({
        cacheName: PAGE_CACHE,
        plugins: [new ExpirationPlugin({ maxEntries: 4 })],
      }),
    },
  ],
});

serwist.addEventListeners();
