// Vitest runs server modules directly; Next.js's "server-only" guard is for bundles.
export {};
