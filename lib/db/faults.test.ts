import { describe, expect, it } from "vitest";
import { classifyDbError, FAULT_ANSWERS } from "./faults";

describe("database faults", () => {
  it("names better-sqlite3's errors, Prisma's wrapped ones and cause chains", () => {
    expect(classifyDbError(Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" }))).toBe("locked");
    expect(classifyDbError(Object.assign(new Error("x"), { code: "SQLITE_FULL" }))).toBe("disk_full");
    expect(classifyDbError(new Error("x", { cause: Object.assign(new Error("disk"), { code: "SQLITE_IOERR_WRITE" }) }))).toBe("disk_full");
    expect(classifyDbError({ name: "PrismaClientKnownRequestError", message: "Invalid invocation", meta: { driverAdapterError: { cause: { kind: "sqlite", message: "attempt to write a readonly database" } } } })).toBe("read_only");
    expect(classifyDbError(new Error("database disk image is malformed"))).toBe("corrupt");
    expect(classifyDbError(new Error("something else"))).toBeNull();
    expect(classifyDbError(null)).toBeNull();
  });

  it("names PostgreSQL's SQLSTATEs for the same faults (pg errors, or wrapped as a cause)", () => {
    expect(classifyDbError({ code: "53100", message: "could not extend file" })).toBe("disk_full");
    expect(classifyDbError({ code: "25006", message: "cannot execute UPDATE in a read-only transaction" })).toBe("read_only");
    expect(classifyDbError(new Error("wrapped", { cause: { code: "55P03" } }))).toBe("locked");
    // A unique violation or a serialization failure is not a storage fault.
    expect(classifyDbError({ code: "23505", message: "duplicate key value violates unique constraint" })).toBeNull();
    expect(classifyDbError({ code: "40001", message: "could not serialize access" })).toBeNull();
  });

  it("tells the client what happened and that nothing was saved, in both languages", () => {
    expect(FAULT_ANSWERS.locked.status).toBe(503);
    expect(FAULT_ANSWERS.disk_full.status).toBe(507);
    for (const a of Object.values(FAULT_ANSWERS)) {
      expect(a.en).toMatch(/nothing was saved/);
      expect(a.zh).toMatch(/未保存/);
    }
  });
});
