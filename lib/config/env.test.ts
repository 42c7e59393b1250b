import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./env";
import { DEFAULT_DATABASE_FILE, parseDatabaseUrl } from "./database-url";

const cwd = "/srv/tcp-drill";

describe("configuration parsing", () => {
  it("uses data/tcp-drill.db and port 3000 when nothing is set", () => {
    expect(loadConfig({}, cwd)).toEqual({
      databaseFile: path.join(cwd, DEFAULT_DATABASE_FILE),
      port: 3000,
      hostname: undefined,
    });
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

  it("refuses a URL that is not a file: URL with a message naming the expected form", () => {
    expect(() => parseDatabaseUrl("postgres://localhost/db", cwd)).toThrow(ConfigError);
    expect(() => parseDatabaseUrl("postgres://localhost/db", cwd)).toThrow(
      'DATABASE_URL must be a file: URL such as file:./data/tcp-drill.db (got "postgres://localhost/db")',
    );
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
