import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { accountsConfigFromEnv } from "@/lib/config/auth";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/gate";
import { getPrisma } from "./prisma";
import { dialect } from "./store";

/**
 * Sign-in for AUTH_MODE=accounts: better-auth 1.7 with its standard routes under /api/auth
 * (app/api/auth/[...all]/route.ts), email and password built in, GitHub and Google only when their
 * keys are set. Everything it keeps is a row of our database, through its Prisma adapter on the
 * app's one Prisma client: users (our User model), sessions, accounts (the scrypt password hash),
 * verifications and the rate limiter's counters — nothing in process memory, so several app servers
 * on one PostgreSQL share sessions and sign-in limits.
 *
 * Cookies: HttpOnly and SameSite=Lax (better-auth's defaults, kept explicit below); Secure, with the
 * __Secure- prefix, when BETTER_AUTH_URL is https (the instance is behind HTTPS).
 * CSRF: better-auth refuses a state-changing request whose Origin is not in trustedOrigins (this
 * server's loopback names on its port, ALLOWED_HOSTS, BETTER_AUTH_URL); the start-up gate has
 * already refused any Host or Origin outside the same allowlist.
 */

export const MIN_PASSWORD = 8;
export const MAX_PASSWORD = 128;

const WRITES = new Set(["create", "createMany", "update", "updateMany", "upsert", "delete", "deleteMany"]);

/**
 * The Prisma client as better-auth sees it. On SQLite the app has one connection and a statement
 * issued while another request's interactive transaction is open runs inside it (lib/server/sqlite.ts),
 * so each of better-auth's writes runs in a transaction of its own; within better-auth's own
 * transactions (`tx`) nothing changes. On PostgreSQL (a pool) the client is used as it is.
 */
function forAuth<T extends object>(prisma: T): T {
  if (dialect() === "postgresql") return prisma;
  const client = prisma as unknown as { $transaction<R>(fn: (tx: Record<string, Record<string, (a: unknown) => Promise<R>>>) => Promise<R>): Promise<R> };
  return new Proxy(prisma, {
    get(target, model) {
      // (the receiver is the target: Prisma's classes keep private fields that a proxy does not have)
      const delegate = Reflect.get(target, model) as unknown;
      if (typeof delegate === "function") return (delegate as (...a: unknown[]) => unknown).bind(target);
      if (typeof model !== "string" || model.startsWith("$") || typeof delegate !== "object" || delegate === null) return delegate;
      return new Proxy(delegate, {
        get(d, op) {
          const method = Reflect.get(d, op) as unknown;
          if (typeof method !== "function") return method;
          if (typeof op !== "string" || !WRITES.has(op)) return (method as (...a: unknown[]) => unknown).bind(d);
          return (args: unknown) => client.$transaction((tx) => tx[model][op](args));
        },
      });
    },
  });
}

async function createAuth() {
  const config = accountsConfigFromEnv(process.env);
  const prisma = await getPrisma();
  return betterAuth({
    appName: "TCP Drill",
    secret: config.secret,
    baseURL: config.baseURL,
    basePath: "/api/auth",
    trustedOrigins: config.trustedOrigins,
    database: prismaAdapter(forAuth(prisma), { provider: dialect(), transaction: true }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: MIN_PASSWORD,
      maxPasswordLength: MAX_PASSWORD,
      autoSignIn: true,
    },
    socialProviders: {
      ...(config.github ? { github: config.github } : {}),
      ...(config.google ? { google: config.google } : {}),
    },
    session: {
      expiresIn: 60 * 60 * 24 * 30,
      updateAge: 60 * 60 * 24,
    },
    rateLimit: {
      enabled: true,
      storage: "database",
      window: 60,
      max: 100,
      // per client address (the gate's X-TCP-Drill-Client): a class behind one NAT shares it, so
      // AUTH_ATTEMPTS_PER_MINUTE raises it for such a network
      customRules: {
        "/sign-in/email": { window: 60, max: config.attemptsPerMinute },
        "/sign-up/email": { window: 60, max: config.attemptsPerMinute },
      },
    },
    advanced: {
      useSecureCookies: config.baseURL.startsWith("https:"),
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
    },
    telemetry: { enabled: false },
    plugins: [nextCookies()],
  });
}

export type Auth = Awaited<ReturnType<typeof createAuth>>;

const g = globalThis as unknown as { tcpDrillAuth?: Promise<Auth> };

/** The process's better-auth instance (accounts mode only), made on first use. */
export function getAuth(): Promise<Auth> {
  g.tcpDrillAuth ??= createAuth().catch((e) => {
    g.tcpDrillAuth = undefined;
    throw e;
  });
  return g.tcpDrillAuth;
}
