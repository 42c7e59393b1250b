import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { accountsConfigFromEnv, authModeFromEnv, listenRefusal } from "./auth";
import { ConfigError } from "./database-url";

const SECRET = "x".repeat(32);

describe("AUTH_MODE and the accounts settings", () => {
  it("is local unless AUTH_MODE=accounts; anything else is refused in one line", () => {
    expect(authModeFromEnv({})).toBe("local");
    expect(authModeFromEnv({ AUTH_MODE: "local" })).toBe("local");
    expect(authModeFromEnv({ AUTH_MODE: " Accounts " })).toBe("accounts");
    expect(() => authModeFromEnv({ AUTH_MODE: "account" })).toThrow(ConfigError);
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }).filter((s) => !["", "local", "accounts"].includes(s.trim().toLowerCase())), (v) => {
        expect(() => authModeFromEnv({ AUTH_MODE: v })).toThrow(/AUTH_MODE must be "local" or "accounts"/);
      }),
    );
  });

  it("needs a secret of 32+ characters and an http(s) BETTER_AUTH_URL; OAuth only with both keys", () => {
    expect(() => accountsConfigFromEnv({ AUTH_MODE: "accounts", BETTER_AUTH_SECRET: "short" })).toThrow(/BETTER_AUTH_SECRET of at least 32/);
    expect(() => accountsConfigFromEnv({ BETTER_AUTH_SECRET: SECRET, BETTER_AUTH_URL: "ftp://x" })).toThrow(/BETTER_AUTH_URL/);
    const c = accountsConfigFromEnv({ BETTER_AUTH_SECRET: SECRET, PORT: "4000", GITHUB_CLIENT_ID: "id", GOOGLE_CLIENT_ID: "id", GOOGLE_CLIENT_SECRET: "s" });
    expect(c.baseURL).toBe("http://localhost:4000");
    expect(c.github).toBeUndefined();
    expect(c.google).toEqual({ clientId: "id", clientSecret: "s" });
    expect(c.trustedOrigins).toEqual(expect.arrayContaining(["http://localhost:4000", "http://127.0.0.1:4000", "http://[::1]:4000"]));
  });

  it("allows 5 sign-in attempts a minute per address unless AUTH_ATTEMPTS_PER_MINUTE says 1–1000", () => {
    expect(accountsConfigFromEnv({ BETTER_AUTH_SECRET: SECRET }).attemptsPerMinute).toBe(5);
    expect(accountsConfigFromEnv({ BETTER_AUTH_SECRET: SECRET, AUTH_ATTEMPTS_PER_MINUTE: "60" }).attemptsPerMinute).toBe(60);
    for (const bad of ["0", "1001", "2.5", "many", "-3"])
      expect(() => accountsConfigFromEnv({ BETTER_AUTH_SECRET: SECRET, AUTH_ATTEMPTS_PER_MINUTE: bad }), bad).toThrow(/AUTH_ATTEMPTS_PER_MINUTE must be/);
  });

  it("trusts exactly this server's names, ALLOWED_HOSTS and BETTER_AUTH_URL as origins", () => {
    const c = accountsConfigFromEnv({ BETTER_AUTH_SECRET: SECRET, PORT: "3000", ALLOWED_HOSTS: "drill.example.org", BETTER_AUTH_URL: "https://drill.example.org/app" });
    expect(c.baseURL).toBe("https://drill.example.org");
    expect(c.trustedOrigins).toContain("https://drill.example.org");
    expect(c.trustedOrigins).toContain("http://drill.example.org:3000");
    expect(c.trustedOrigins.some((o) => o.includes("evil"))).toBe(false);
    expect(c.trustedOrigins.some((o) => o.includes(":4000"))).toBe(false);
  });
});

describe("listening on a non-loopback address", () => {
  it("is refused in one line without AUTH_MODE=accounts (or TRUSTED_NETWORK=1)", () => {
    const line = listenRefusal("0.0.0.0", {});
    expect(line).toMatch(/^refusing to listen on 0\.0\.0\.0: .*AUTH_MODE=accounts.*TRUSTED_NETWORK=1/);
    expect(line).not.toContain("\n");
    expect(listenRefusal("192.168.1.5", { AUTH_MODE: "accounts", BETTER_AUTH_SECRET: SECRET })).toBeNull();
    expect(listenRefusal("0.0.0.0", { TRUSTED_NETWORK: "1" })).toBeNull();
    for (const loopback of [undefined, "127.0.0.1", "::1", "localhost", "127.0.0.2"]) expect(listenRefusal(loopback, {})).toBeNull();
  });

  it("refuses accounts mode without its secret, on any address", () => {
    expect(listenRefusal("0.0.0.0", { AUTH_MODE: "accounts" })).toMatch(/BETTER_AUTH_SECRET/);
    expect(listenRefusal(undefined, { AUTH_MODE: "accounts" })).toMatch(/BETTER_AUTH_SECRET/);
    expect(listenRefusal(undefined, { AUTH_MODE: "sometimes" })).toMatch(/AUTH_MODE must be/);
  });
});
