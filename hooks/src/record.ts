// Building one event and handing it to the batch queue; shared by the Java and native hooks.
import { AgentEvent, CatalogEntry, Frame } from "./protocol.js";
import { nextSeq, offer } from "./queue.js";

export const stats = { nestedSkipped: 0, recordErrors: 0, lastError: "" };

export function emit(
  entry: CatalogEntry, overload: string, args: string[], ret: string | null, exception: string | null,
  ts: number, thread: string, stack: Frame[], stackKind: "java" | "native",
): void {
  const ev: AgentEvent = {
    seq: nextSeq(),
    api: entry.class + "." + entry.method,
    class: entry.class,
    method: entry.method,
    overload,
    category: entry.category,
    pi: entry.pi ?? null,
    sensitive: entry.sensitive === true,
    args,
    ret,
    ts,
    thread,
    stack,
  };
  if (exception !== null) ev.exception = exception;
  if (stackKind !== "java") ev.stack_kind = stackKind;
  offer(ev, entry.category === "ui");
}

export function noteError(e: unknown): void {
  stats.recordErrors += 1;
  stats.lastError = String(e instanceof Error ? e.stack ?? e.message : e);
}
