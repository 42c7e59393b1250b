import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./env";
import { DEFAULT_DATABASE_FILE, parseDatabaseTarget, parseDatabaseUrl, redact } from "./database-url";

const cwd = "/srv/tcp-drill";

describe("configuration parsing", () => {
  it("uses data/tcp-drill.db and port 3000 when nothing is set", () => {
    expect(loadConfig({}, cwd)).toEqual({
      database: { provider: "sqlite", file: path.join(cwd, DEFAULT_DATABASE_FILE) },
      databaseFile: path.join(cwd, DEFAULT_DATABASE_FILE),
      port: 3000,
      hostname: undefined,
      pgLockTimeoutMs: 15_000,
    });
  });

  it("reads PG_LOCK_TIMEOUT_MS (whole milliseconds, 100 to 600000) and names a bad one", () => {
    expect(loadConfig({ PG_LOCK_TIMEOUT_MS: "1500" }, cwd).pgLockTimeoutMs).toBe(1500);
    expect(loadConfig({ PG_LOCK_TIMEOUT_MS: " " }, cwd).pgLockTimeoutMs).toBe(15_000);
    for (const bad of ["0", "99", "600001", "1.5", "abc", "-5"]) {
      expect(() => loadConfig({ PG_LOCK_TIMEOUT_MS: bad }, cwd)).toThrow(ConfigError);
      expect(() => loadConfig({ PG_LOCK_TIMEOUT_MS: bad }, cwd)).toThrow(/PG_LOCK_TIMEOUT_MS must be a whole number of milliseconds from 100 to 600000/);
    }
  });

  it("resolves a relative file: URL against the project root", () => {
    expect(parseDatabaseUrl("file:./elsewhere/progress.db", cwd)).toBe("/srv/tcp-drill/elsewhere/progress.db");
    expect(parseDatabaseUrl("file:progress.db", cwd)).toBe("/srv/tcp-drill/progress.db");
  });

  it("accepts absolute paths, file:/// URLs, percent-encoding and ignores query parameters", () => {
    expect(parseDatabaseUrl("file:/var/lib/drill.db", cwd)).toBe("/var/lib/drill.db");
    expect(parseDatabaseUrl("file:///var/lib/drill.db", cwd)).toBe("/var/lib/drill.db");
    expect(parseDatabaseUrl("file:/var/lib/my%20drill.db?mode=rwc", cwd)).toBe("/var/lib/my drill.db");
  });

  it("treats an empty DATABASE_URL as unset", () => {
    expect(parseDatabaseUrl("  ", cwd)).toBe(path.join(cwd, DEFAULT_DATABASE_FILE));
  });

  it("refuses a URL that is neither file: nor postgresql: with a message naming the expected forms", () => {
    expect(() => parseDatabaseTarget("mysql://localhost/db", cwd)).toThrow(ConfigError);
    expect(() => parseDatabaseTarget("mysql://localhost/db", cwd)).toThrow(
      'DATABASE_URL must be a file: URL such as file:./data/tcp-drill.db, or a postgresql:// URL (got "mysql://localhost/db")',
    );
    // The SQLite-only parser (the Prisma CLI's file, backups) still takes file: URLs alone.
    expect(() => parseDatabaseUrl("postgres://localhost/db", cwd)).toThrow(ConfigError);
  });

  it("selects PostgreSQL for postgresql:// and postgres:// URLs, SQLite otherwise", () => {
    expect(parseDatabaseTarget("postgresql://app:pw@127.0.0.1:5432/drill", cwd)).toEqual({ provider: "postgresql", url: "postgresql://app:pw@127.0.0.1:5432/drill" });
    expect(parseDatabaseTarget("postgres://db.internal/drill?sslmode=require", cwd).provider).toBe("postgresql");
    expect(parseDatabaseTarget(undefined, cwd)).toEqual({ provider: "sqlite", file: path.join(cwd, DEFAULT_DATABASE_FILE) });
    expect(loadConfig({ DATABASE_URL: "postgresql://a@h/d" }, cwd).databaseFile).toBeNull();
  });

  it("refuses a postgresql:// URL without host or database, and never echoes the password", () => {
    expect(() => parseDatabaseTarget("postgresql://app:secret@127.0.0.1:5432/", cwd)).toThrow(/must name a PostgreSQL host and database/);
    expect(() => parseDatabaseTarget("postgresql://app:secret@127.0.0.1:5432/", cwd)).not.toThrow(/secret/);
    expect(redact("postgresql://app:secret@h:1/d")).toBe("postgresql://app:***@h:1/d");
  });

  it("refuses an in-memory database and a folder", () => {
    expect(() => parseDatabaseUrl("file::memory:", cwd)).toThrow(/must name a database file/);
    expect(() => parseDatabaseUrl("file:./data/", cwd)).toThrow(/must name a database file/);
  });

  it("reads PORT and refuses one out of range or not a number", () => {
    expect(loadConfig({ PORT: "8080" }, cwd).port).toBe(8080);
    expect(() => loadConfig({ PORT: "0" }, cwd)).toThrow('PORT must be a whole number from 1 to 65535 (got "0")');
    expect(() => loadConfig({ PORT: "http" }, cwd)).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: "70000" }, cwd)).toThrow(ConfigError);
  });

  it("keeps HOSTNAME when set", () => {
    expect(loadConfig({ HOSTNAME: "127.0.0.1" }, cwd).hostname).toBe("127.0.0.1");
  });
});
