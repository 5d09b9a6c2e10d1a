// Structured Java stack frames. One JNI call per frame (StackTraceElement.toString()), parsed here:
// HotSpot prefixes "loader/module@version/", hidden classes contain "/0x…", ART prints neither.
import { configure as configureJni, stackText } from "./jni.js";
import { Frame } from "./protocol.js";

let maxFrames = 32;

export function configure(frames: number): void {
  maxFrames = frames;
  configureJni();
}

export function parseFrame(text: string): Frame {
  const open = text.lastIndexOf("(");
  const head = open >= 0 ? text.substring(0, open) : text;
  const tail = open >= 0 ? text.substring(open + 1, text.endsWith(")") ? text.length - 1 : text.length) : "";
  const segs = head.split("/");
  while (segs.length > 1 && !segs[1].startsWith("0x")) segs.shift();
  const qualified = segs.join("/");
  const dot = qualified.lastIndexOf(".");
  const cls = dot >= 0 ? qualified.substring(0, dot) : qualified;
  const method = dot >= 0 ? qualified.substring(dot + 1) : "";
  let file: string | null = null;
  let line: number | null = null;
  if (tail === "Native Method") {
    line = -2;
  } else if (tail !== "" && tail !== "Unknown Source") {
    const colon = tail.lastIndexOf(":");
    if (colon >= 0 && /^\d+$/.test(tail.substring(colon + 1))) {
      file = tail.substring(0, colon);
      line = parseInt(tail.substring(colon + 1), 10);
    } else {
      file = tail;
    }
  }
  return { class: cls, method, file, line };
}

const AGENT_FRAME_CLASSES = new Set(["java.lang.Thread", "dalvik.system.VMStack", "java.lang.Throwable"]);

function sameFrame(a: Frame, b: Frame): boolean {
  return a.class === b.class && a.method === b.method && a.line === b.line && a.file === b.file;
}

/** Frames from the text of Arrays.toString(StackTraceElement[]): from the caller of the hooked
 * method (or from the first non-agent frame when hookedClass is null), at most maxFrames, with
 * consecutive duplicates (a hooked method's replacement and original) collapsed. */
export function framesFromText(text: string, hookedClass: string | null, hookedMethod: string | null): Frame[] {
  const body = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length - 1) : text;
  if (body === "") return [];
  const parts = body.split(", ");
  let start = 0;
  let found = -1;
  const head: Frame[] = [];
  for (let i = 0; i < Math.min(parts.length, 8); i++) {
    const f = parseFrame(parts[i]);
    head.push(f);
    if (hookedClass !== null && f.class === hookedClass && f.method === hookedMethod) {
      found = i;
      break;
    }
  }
  if (found >= 0) {
    start = found + 1;
  } else {
    while (start < head.length && AGENT_FRAME_CLASSES.has(head[start].class)) start++;
  }
  const frames: Frame[] = [];
  for (let i = start; i < parts.length && frames.length < maxFrames; i++) {
    const f = i < head.length ? head[i] : parseFrame(parts[i]);
    if (frames.length > 0 && sameFrame(frames[frames.length - 1], f)) continue;
    if (frames.length === 0 && hookedClass !== null && f.class === hookedClass && f.method === hookedMethod) continue;
    frames.push(f);
  }
  return frames;
}

/** The current Java thread's stack (see framesFromText) and name; empty off a Java thread. */
export function currentStack(hookedClass: string | null, hookedMethod: string | null): [Frame[], string] {
  const got = stackText();
  if (got === null) return [[], ""];
  return [framesFromText(got[0], hookedClass, hookedMethod), got[1]];
}
