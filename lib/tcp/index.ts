/**
 * The embedded TCP state engine (pure: no React, Next.js or Prisma).
 * Authority: RFC 9293. See docs/contracts.md for the contract.
 */
export * from "./types";
import type {
  Annotation,
  Origin,
  RenderableSegment,
  RenderOptions,
  ScenarioInfo,
  SimOptions,
  SimResult,
  TcpEvent,
  TcpState,
  TransitionResult,
} from "./types";

export function transition(_state: TcpState, _event: TcpEvent, _opts?: { origin?: Origin }): TransitionResult {
  throw new Error("not implemented");
}
export function listScenarios(): ScenarioInfo[] {
  throw new Error("not implemented");
}
export function simulate(_name: string, _opts?: SimOptions): SimResult {
  throw new Error("not implemented");
}
export function annotate(_text: string): Annotation {
  throw new Error("not implemented");
}
export function renderTcpdump(_segments: RenderableSegment[], _opts?: RenderOptions): string {
  throw new Error("not implemented");
}
