"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { classifyDbError, recordFault } from "@/lib/db/faults";
import { formOf } from "@/lib/http/form";
import { claimLocalProgress, deleteAccount, type ClaimOutcome } from "@/lib/server/accounts";
import { getAuth, MAX_PASSWORD } from "@/lib/server/auth";
import { getPrisma } from "@/lib/server/prisma";
import { authMode, getCurrentUser } from "@/lib/server/users";

/** Signs out: better-auth deletes the session row and clears the cookies; then the sign-in page. */
export async function signOutAction(formArg: FormData): Promise<void> {
  if (!formOf(formArg) || authMode() !== "accounts") redirect("/");
  const auth = await getAuth();
  await auth.api.signOut({ headers: await headers() }).catch(() => undefined); // signed out already
  redirect("/sign-in");
}

export type ClaimState = { outcome: ClaimOutcome["status"] | "unavailable"; cards?: number; reviews?: number; mocks?: number } | null;

/** Claims the local learner's progress into the signed-in account (lib/server/accounts.ts). */
export async function claimAction(_prev: ClaimState, formArg: FormData): Promise<ClaimState> {
  if (!formOf(formArg) || authMode() !== "accounts") return { outcome: "nothing" };
  const user = await getCurrentUser();
  try {
    const outcome = await claimLocalProgress(user.id);
    revalidatePath("/", "layout");
    return outcome.status === "claimed" ? { outcome: "claimed", ...outcome.progress } : { outcome: outcome.status };
  } catch (e) {
    const fault = classifyDbError(e);
    if (!fault) throw e;
    recordFault(fault);
    return { outcome: "unavailable" };
  }
}

export type DeleteState = { error: "mismatch" | "wrongPassword" | "failed" } | null;

const DeleteInput = z.object({ confirm: z.string().max(300), password: z.string().max(MAX_PASSWORD).optional() });

/**
 * Deletes the signed-in account and all its data in one transaction, after the learner typed the
 * account's email address and (for an account with a password) the password; then clears the
 * session cookies and goes to the sign-in page.
 */
export async function deleteAccountAction(_prev: DeleteState, formArg: FormData): Promise<DeleteState> {
  const form = formOf(formArg);
  if (!form || authMode() !== "accounts") return { error: "failed" };
  const user = await getCurrentUser();
  const parsed = DeleteInput.safeParse({ confirm: form.get("confirm") ?? "", password: form.get("password") ?? undefined });
  if (!parsed.success || !user.email || parsed.data.confirm.trim().toLowerCase() !== user.email.toLowerCase()) return { error: "mismatch" };
  const auth = await getAuth();
  const context = await auth.$context;
  const credential = await (await getPrisma()).account.findFirst({ where: { userId: user.id, providerId: "credential" }, select: { password: true } });
  if (credential?.password) {
    const ok = parsed.data.password ? await context.password.verify({ hash: credential.password, password: parsed.data.password }) : false;
    if (!ok) return { error: "wrongPassword" };
  }
  try {
    await deleteAccount(user.id);
  } catch (e) {
    const fault = classifyDbError(e);
    if (!fault) throw e;
    recordFault(fault);
    return { error: "failed" };
  }
  const jar = await cookies();
  for (const c of Object.values(context.authCookies)) jar.set(c.name, "", { maxAge: 0, path: "/", httpOnly: true, sameSite: "lax", secure: c.name.startsWith("__Secure-") });
  redirect("/sign-in?deleted=1");
}
