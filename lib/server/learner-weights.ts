import "server-only";
import { default_w } from "ts-fsrs";

// Placeholder until the merge: k20p's version (stored fitted weights) replaces this file.
export async function learnerWeights(userId: string): Promise<{ weights: number[]; source: "default" | "fitted"; fittedAt?: Date }> {
  void userId;
  return { weights: [...default_w], source: "default" };
}
