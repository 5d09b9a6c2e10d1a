// Structured Java stack frames. One JNI call per frame (StackTraceElement.toString()), parsed here:
// HotSpot prefixes "loader/module@version/", hidden classes contain "/0x…", ART prints neither.
import { configure as configureJni, currentThreadName, stackText } from "./jni.js";
import { nameThread, Selection, ThreadState, threadState } from "./guard.js";
import { configure as configureJvmti, currentFrames as jvmtiFrames } from "./jvmti.js";
import { Frame } from "./protocol.js";

let maxFrames = 32;

let useJvmti = false;

export function setMaxFrames(frames: number): void {
  maxFrames = frames;
}

export function configure(frames: number, jvmti: boolean, asgct: boolean = true): void {
  maxFrames = frames;
  configureJni();
  useJvmti = jvmti && configureJvmti(asgct);
}

export function stackSource(): string {
  return useJvmti ? "jvmti" : "jni";
}

const parsedFrames = new Map<string, Frame>();

/** parseFrame, with the same Frame object for the same text (batches share frames by identity). */
export function frameOf(text: string): Frame {
  let f = parsedFrames.get(text);
  if (f === undefined) {
    if (parsedFrames.size >= 20000) parsedFrames.clear();
    f = parseFrame(text);
    parsedFrames.set(text, f);
  }
  return f;
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

/** From the innermost frames: the caller of the hooked method (or the first non-agent frame when
 * hookedClass is null) outwards, at most maxFrames, with consecutive duplicates (a hooked method's
 * replacement and original) collapsed. */
export function selectFrames(all: Frame[], hookedClass: string | null, hookedMethod: string | null): Frame[] {
  let start = 0;
  let found = -1;
  const scan = Math.min(all.length, 8);
  if (hookedClass !== null) {
    for (let i = 0; i < scan; i++) {
      if (all[i].class === hookedClass && all[i].method === hookedMethod) {
        found = i;
        break;
      }
    }
  }
  if (found >= 0) {
    start = found + 1;
  } else {
    while (start < scan && AGENT_FRAME_CLASSES.has(all[start].class)) start++;
  }
  const frames: Frame[] = [];
  for (let i = start; i < all.length && frames.length < maxFrames; i++) {
    const f = all[i];
    if (frames.length > 0 && sameFrame(frames[frames.length - 1], f)) continue;
    // the replacement's own frame again (native); not the original of an overload that called us
    if (frames.length === 0 && f.line === -2 && f.class === hookedClass && f.method === hookedMethod) continue;
    frames.push(f);
  }
  return frames;
}

/** Frames from the text of Arrays.toString(StackTraceElement[]) (the JNI path, used on ART). */
export function framesFromText(text: string, hookedClass: string | null, hookedMethod: string | null): Frame[] {
  const body = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length - 1) : text;
  if (body === "") return [];
  const parts = body.split(", ", maxFrames + 12);
  return selectFrames(parts.map(frameOf), hookedClass, hookedMethod);
}

const selections = new WeakMap<Frame[], Selection>();

const NAME_TTL_MS = 1000;

/** The current Java thread's stack (see selectFrames); its name is left in `t.name` (read again at most once a
 * NAME_TTL_MS: threads rename themselves and thread ids are reused). Empty off a Java thread. `tid`, `t`, `now`:
 * the caller's (a hooked call has them already). */
export function stackOf(hookedClass: string | null, hookedMethod: string | null, tid: number, t: ThreadState,
  now: number): Frame[] {
  if (useJvmti) {
    const all = jvmtiFrames(maxFrames + 12, tid);
    if (all !== null) {
      // a repeated walk hands back the same array (jvmti.ts): so is its selection, the thread's last one
      let sel = t.selection;
      if (sel === null || sel.all !== all || sel.cls !== hookedClass || sel.method !== hookedMethod) {
        sel = selections.get(all) ?? null;
        if (sel === null || sel.cls !== hookedClass || sel.method !== hookedMethod) {
          sel = { all, cls: hookedClass, method: hookedMethod, frames: selectFrames(all, hookedClass, hookedMethod) };
          selections.set(all, sel);
        }
        t.selection = sel;
      }
      if (now - t.nameAt >= NAME_TTL_MS) {
        nameThread(t, currentThreadName() ?? "");
        t.nameAt = now;
      }
      return sel.frames;
    }
  }
  const got = stackText();
  t.nameAt = -Infinity;
  if (got === null) {
    nameThread(t, "");
    return [];
  }
  nameThread(t, got[1]);
  return framesFromText(got[0], hookedClass, hookedMethod);
}

/** stackOf and the thread's name, for callers outside a hooked Java call. */
export function currentStack(hookedClass: string | null, hookedMethod: string | null,
  tid: number = Process.getCurrentThreadId(), now: number = Date.now()): [Frame[], string] {
  const t = threadState(tid);
  const frames = stackOf(hookedClass, hookedMethod, tid, t, now);
  return [frames, t.name];
}
