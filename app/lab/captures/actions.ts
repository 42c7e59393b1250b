"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formOf } from "@/lib/http/form";
import { CaptureError, deleteCapture } from "@/lib/server/captures";
import { getCurrentUser } from "@/lib/server/users";

const DeleteInput = z.object({ captureId: z.string().regex(/^[a-f0-9]{32}$/) });

/** Deletes one of the learner's captures (its questions, cards and reviews, in one transaction) and shows the page again. */
export async function deleteCaptureAction(formData: FormData): Promise<void> {
  const parsed = DeleteInput.safeParse({ captureId: formOf(formData)?.get("captureId") });
  if (!parsed.success) redirect("/lab/captures?deleted=none");
  const user = await getCurrentUser();
  let n = 0;
  try {
    n = (await deleteCapture(user.id, parsed.data.captureId)).items;
  } catch (e) {
    if (e instanceof CaptureError) redirect("/lab/captures?deleted=none");
    throw e;
  }
  revalidatePath("/lab/captures");
  redirect(`/lab/captures?deleted=${n}`);
}
