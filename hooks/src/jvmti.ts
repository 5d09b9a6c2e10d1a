// Stack walking on HotSpot through JVMTI: one GetStackTrace call per event gives (method, location)
// pairs; names, source files and line tables are resolved once per method and cached. Much cheaper
// than Thread.getStackTrace() (which builds StackTraceElement objects). ART has no JVMTI here: the
// JNI path (jni.ts) is used there.
import Java from "frida-java-bridge";
import { Frame, post } from "./protocol.js";
import { noteError } from "./record.js";

const JVMTI_VERSION_1_0 = 0x30010000;
const CAN_GET_SOURCE_FILE_NAME = 1 << 11;
const CAN_GET_LINE_NUMBERS = 1 << 12;
const ptrSize = Process.pointerSize;

interface MethodInfo {
  cls: string;
  method: string;
  file: string | null;
  lines: Array<[number, number]> | null; // [start location, line], sorted
  hidden: boolean;
  frames: Map<number, Frame>; // by location: the same Frame object every time (batches share them)
}

interface Fns {
  env: NativePointer;
  deallocate: NativeFunction<number, [NativePointerValue, NativePointerValue]>;
  getClassSignature: NativeFunction<number, [NativePointerValue, NativePointerValue, NativePointerValue, NativePointerValue]>;
  getSourceFileName: NativeFunction<number, [NativePointerValue, NativePointerValue, NativePointerValue]>;
  getMethodName: NativeFunction<number, [NativePointerValue, NativePointerValue, NativePointerValue, NativePointerValue, NativePointerValue]>;
  getMethodDeclaringClass: NativeFunction<number, [NativePointerValue, NativePointerValue, NativePointerValue]>;
  getLineNumberTable: NativeFunction<number, [NativePointerValue, NativePointerValue, NativePointerValue, NativePointerValue]>;
  getStackTrace: NativeFunction<number, [NativePointerValue, NativePointerValue, number, number, NativePointerValue, NativePointerValue]>;
}

let fns: Fns | null = null;
/** By jmethodID (as a number: user-space addresses fit in 53 bits). */
const methods = new Map<number, MethodInfo>();

function fn(vtable: NativePointer, index: number, ret: any, args: any[]): any {
  return new NativeFunction(vtable.add((index - 1) * ptrSize).readPointer(), ret, args);
}

/** Sets up a JVMTI environment of our own; false where there is none (ART) or it fails. `asgct`: walk with
 * AsyncGetCallTrace where it can (see C_SOURCE). */
export function configure(asgct: boolean = true): boolean {
  try {
    if ((Java as any).api?.flavor !== "jvm") return false;
    const handle: NativePointer | null = (Java.vm as any).tryGetEnvHandle(JVMTI_VERSION_1_0);
    if (handle === null || handle.isNull()) return false;
    const vtable = handle.readPointer();
    const caps = Memory.alloc(16);
    caps.writeU32(CAN_GET_SOURCE_FILE_NAME | CAN_GET_LINE_NUMBERS);
    const addCapabilities = fn(vtable, 142, "int", ["pointer", "pointer"]);
    if (addCapabilities(handle, caps) !== 0) return false;
    fns = {
      env: handle,
      deallocate: fn(vtable, 47, "int", ["pointer", "pointer"]),
      getClassSignature: fn(vtable, 48, "int", ["pointer", "pointer", "pointer", "pointer"]),
      getSourceFileName: fn(vtable, 50, "int", ["pointer", "pointer", "pointer"]),
      getMethodName: fn(vtable, 64, "int", ["pointer", "pointer", "pointer", "pointer", "pointer"]),
      getMethodDeclaringClass: fn(vtable, 65, "int", ["pointer", "pointer", "pointer"]),
      getLineNumberTable: fn(vtable, 70, "int", ["pointer", "pointer", "pointer", "pointer"]),
      getStackTrace: fn(vtable, 104, "int", ["pointer", "pointer", "int", "int", "pointer", "pointer"]),
    };
    getStackTracePtr = vtable.add(103 * ptrSize).readPointer();
    if (WORDS) setUpWalk(vtable, asgct);
    return true;
  } catch (e) {
    fns = null;
    return false;
  }
}

function takeCString(f: Fns, slot: NativePointer): string | null {
  const p = slot.readPointer();
  if (p.isNull()) return null;
  const s = p.readUtf8String();
  f.deallocate(f.env, p);
  return s;
}

function className(signature: string): string {
  let s = signature;
  if (s.startsWith("L") && s.endsWith(";")) s = s.substring(1, s.length - 1);
  return s.replace(/\//g, ".");
}

/** "pkg.Outer$$Lambda$14.0x0000000800c0b448" (a lambda or method-reference proxy, a hidden class) ->
 * "pkg.Outer$$Lambda": the frame of the code that made the lambda, kept (handler.post(tm::getSimOperator)
 * has no other frame of the app); its numbering dropped (it depends on class-loading order). */
export function lambdaProxy(cls: string): string | null {
  const m = /^(.*\$\$Lambda)(\$\d+)?[./]0x[0-9a-fA-F]+$/.exec(cls);
  return m === null || m[1].startsWith("java.lang.invoke.") ? null : m[1];
}

function isHidden(cls: string): boolean {
  // frames Throwable hides by default: hidden classes (lambda proxies, lambda forms) and the
  // invoke machinery's holders
  return /\.0x[0-9a-fA-F]+$/.test(cls) || cls.includes("/0x") ||
    (cls.startsWith("java.lang.invoke.") && (cls.includes("$Holder") || cls.includes("LambdaForm$")));
}

function resolve(f: Fns, method: NativePointer, key: number): MethodInfo {
  const known = methods.get(key);
  if (known !== undefined) return known;
  const slots = Memory.alloc(ptrSize * 4);
  let name = "?";
  if (f.getMethodName(f.env, method, slots, slots.add(ptrSize), slots.add(2 * ptrSize)) === 0) {
    name = takeCString(f, slots) ?? "?";
    takeCString(f, slots.add(ptrSize));
    takeCString(f, slots.add(2 * ptrSize));
  }
  let cls = "?";
  let file: string | null = null;
  const klassSlot = Memory.alloc(ptrSize);
  if (f.getMethodDeclaringClass(f.env, method, klassSlot) === 0) {
    const klass = klassSlot.readPointer();
    slots.writePointer(NULL);
    slots.add(ptrSize).writePointer(NULL);
    if (f.getClassSignature(f.env, klass, slots, slots.add(ptrSize)) === 0) {
      cls = className(takeCString(f, slots) ?? "?");
      takeCString(f, slots.add(ptrSize));
    }
    slots.writePointer(NULL);
    if (f.getSourceFileName(f.env, klass, slots) === 0) file = takeCString(f, slots);
    const env: any = Java.vm.tryGetEnv();
    if (env !== null) env.deleteLocalRef(klass);
  }
  let lines: Array<[number, number]> | null = null;
  const countSlot = Memory.alloc(8);
  slots.writePointer(NULL);
  if (f.getLineNumberTable(f.env, method, countSlot, slots) === 0) {
    const n = countSlot.readS32();
    const table = slots.readPointer();
    lines = [];
    for (let i = 0; i < n; i++) {
      const entry = table.add(i * 16);
      lines.push([entry.readS64().toNumber(), entry.add(8).readS32()]);
    }
    lines.sort((a, b) => a[0] - b[0]);
    f.deallocate(f.env, table);
  }
  const proxy = lambdaProxy(cls);
  const info: MethodInfo = proxy !== null
    ? { cls: proxy, method: name, file: null, lines: null, hidden: false, frames: new Map() }
    : { cls, method: name, file, lines, hidden: isHidden(cls), frames: new Map() };
  methods.set(key, info);
  return info;
}

function lineAt(info: MethodInfo, location: number): number | null {
  if (location < 0) return -2; // native method
  if (info.lines === null || info.lines.length === 0) return null;
  let line = info.lines[0][1];
  for (const [start, l] of info.lines) {
    if (start > location) break;
    line = l;
  }
  return line;
}

interface Buffer {
  cap: number; // frames
  ptr: NativePointer;
  count: NativePointer; // after the frames; then the previous walk's count and frames (the C helper's)
  u32: Uint32Array; // a view on ptr (64-bit little-endian: jvmtiFrameInfo = 4 words)
  last: Frame[] | null; // the frames of the previous walk on this thread (the same array while the stack repeats)
}

// One native call per walk: the frames, then a comparison with the thread's previous walk (method ids and
// locations, word by word). A hot loop's repeats then cost no frame reading in JS, and hand back the same
// Frame[] (so the stack selection and the aggregation key are found by identity: stack.ts, aggregate.ts).
//
// The frames come from HotSpot's AsyncGetCallTrace where it can give them, else from JVMTI's GetStackTrace, in the
// same layout (jvmtiFrameInfo: jmethodID, location; a native method's location -1). Both walk the calling thread's
// own stack from a native method (the hook's replacement). GetStackTrace enters the VM (a thread-state transition, a
// threads-list handle, a resource and a register map) and costs a hooked call 2.7 µs of the app's CPU in the agent
// bench; AsyncGetCallTrace reads the frame anchor of a thread in native code and does none of that (~1 µs less a
// call, same bench; more on deeper stacks). It needs: the ClassLoad event enabled in some JVMTI environment (it
// returns -1 otherwise; ours enables it with a callback that does nothing: enableClassLoad), jmethodIDs for the
// methods on the stack (GetStackTrace makes them: a stack's first walk may fall back), and every frame's Method in
// metaspace, which a replacement method is only where frida-java-bridge allocates it there (hooks/patches:
// Metaspace::allocate). A walk it cannot make (-2 during a GC, a frame without a jmethodID or a bci, a replacement
// it rejects) is made by GetStackTrace. A stack's first walk usually does (its methods have no jmethodIDs yet); that
// is expected. Where it refuses a stack as unwalkable (a negative count other than -2: an older JDK, an unpatched
// bridge) more often than it walks one, after 256 refusals, it is not tried again. Nor after a fault inside it: it
// is called through a NativeFunction of its own that turns a fault into an exception (asyncFault), as async-profiler
// guards its calls; a fault in GetStackTrace is left to the JVM (it runs in the VM's state, no exception may leave it).
const C_SOURCE = `
typedef int (*get_stack_trace_t)(void *env, void *thread, int start, int max, void *frames, int *count);
typedef struct { int lineno; void *method_id; } asgct_frame;
typedef struct { void *env_id; int num_frames; asgct_frame *frames; } asgct_trace;
typedef void (*asgct_t)(asgct_trace *trace, int depth, void *ucontext);
typedef int (*get_env_t)(void *vm, void **env, int version);
#define ASGCT_MAX 256
#define ASGCT_NATIVE (-3)
extern void *walk_env;
extern get_stack_trace_t walk_fn;
extern void *walk_vm;
extern asgct_t walk_asgct;
/* walks AsyncGetCallTrace made, walks it could not make, walks it refused as unwalkable (not atomic: counts for
   stats() and the switch-off; whether it is still tried is the JS side's walkAsync) */
extern int walk_counts[3];
static int asgct_walk(int max, unsigned char *buf, int *count) {
  asgct_frame frames[ASGCT_MAX];
  asgct_trace trace;
  void *jni = 0;
  long long *out = (long long *)buf;
  get_env_t get_env = (get_env_t)(*(void ***)walk_vm)[6];
  int i, n;
  if (max > ASGCT_MAX || get_env(walk_vm, &jni, 0x00010006) != 0 || jni == 0) return -1;
  trace.env_id = jni;
  trace.num_frames = 0;
  trace.frames = frames;
  walk_asgct(&trace, max, 0);
  n = trace.num_frames;
  if (n < 0 && n != -2) return -2;  /* not walkable here (-2: a GC in progress, not now) */
  if (n <= 0) return -1;
  for (i = 0; i < n; i++) {
    if (frames[i].method_id == 0 || (frames[i].lineno < 0 && frames[i].lineno != ASGCT_NATIVE)) return -1;
    out[2 * i] = (long long)frames[i].method_id;
    out[2 * i + 1] = frames[i].lineno == ASGCT_NATIVE ? -1 : frames[i].lineno;
  }
  *count = n;
  return 0;
}
static int keep(int max, unsigned char *buf) {
  int *count = (int *)(buf + (long)max * 16);
  int *prev_count = count + 1;
  unsigned long long *now = (unsigned long long *)buf;
  unsigned long long *prev = (unsigned long long *)(buf + (long)max * 16 + 8);
  int words, i, same;
  words = *count * 2;
  same = *count == *prev_count;
  for (i = 0; same && i < words; i++) same = now[i] == prev[i];
  if (same) return 1;
  for (i = 0; i < words; i++) prev[i] = now[i];
  *prev_count = *count;
  return 0;
}
/* AsyncGetCallTrace's walk: 1 the thread's previous stack again, 0 a new one, -3 not made here (GetStackTrace's turn:
   pimon_walk), -4 the same and it is not to be tried again. Called apart from GetStackTrace, through a NativeFunction
   that turns a fault into an exception (a fault inside it costs the walk, not the app: currentFrames). */
int pimon_walk_async(int max, unsigned char *buf) {
  int async = asgct_walk(max, buf, (int *)(buf + (long)max * 16));
  if (async == 0) {
    if (walk_counts[0] < 0x7fffffff) walk_counts[0]++;
    return keep(max, buf);
  }
  if (walk_counts[1] < 0x7fffffff) walk_counts[1]++;
  if (async == -2 && walk_counts[2] < 0x7fffffff && ++walk_counts[2] > 256 && walk_counts[2] > walk_counts[0])
    return -4;
  return -3;
}
/* GetStackTrace's walk: 1 the thread's previous stack again, 0 a new one, -1 no stack. */
int pimon_walk(int max, unsigned char *buf) {
  if (walk_fn(walk_env, 0, 0, max, buf, (int *)(buf + (long)max * 16)) != 0) return -1;
  return keep(max, buf);
}
`;
let walk: NativeFunction<number, [number, NativePointerValue]> | null = null;
/** AsyncGetCallTrace's walk (null: not used, or no longer); its faults become exceptions ("steal"). */
let walkAsync: NativeFunction<number, [number, NativePointerValue]> | null = null;
let asyncFaults = 0;
let walkModule: CModule | null = null;
let walkContext: NativePointer = NULL;
let walkCounts: NativePointer = NULL;
let getStackTracePtr: NativePointer = NULL;

/** How a JVMTI walk is compared with the thread's previous one: "c" (the C helper), "js" (none: frames read). */
export function walkKind(): string {
  return walk !== null ? "c" : "js";
}

/** The C helper's walks: how many AsyncGetCallTrace made and could not make (GetStackTrace's then), and whether it
 * is still tried; null without the C helper or AsyncGetCallTrace. */
export function asyncWalks(): { walks: number; fallbacks: number; on: boolean; faults: number } | null {
  if (walkCounts.isNull() || walkContext.add(3 * ptrSize).readPointer().isNull()) return null;
  return {
    walks: walkCounts.readS32(), fallbacks: walkCounts.add(4).readS32(), on: walkAsync !== null, faults: asyncFaults,
  };
}

/** AsyncGetCallTrace faulted (HotSpot's unsupported profiling entry; async-profiler guards it the same way): the
 * fault cost that walk, not the app. It is not tried again; GetStackTrace walks from now on. */
function asyncFault(e: unknown): void {
  walkAsync = null;
  asyncFaults++;
  const error = new Error(`AsyncGetCallTrace faulted (${e}): stacks are walked with GetStackTrace from now on`);
  noteError(error);
  post("agent:error", { message: error.message, stack: "" });  // once: it is not called again
}

let walkError = "";

export function walkSetupError(): string {
  return walkError;
}

const JVMTI_ENABLE = 1;
const JVMTI_DISABLE = 0;
const JVMTI_EVENT_CLASS_LOAD = 55;
const JVMTI_EVENT_CALLBACKS = 39;  // jvmtiEventCallbacks: VMInit (50) .. SampledObjectAlloc (88)

/** Enables JVMTI's ClassLoad event in our environment (AsyncGetCallTrace refuses to walk without it), with a callback
 * that does nothing: libc's abs(), so that no code of ours is left behind in the JVM when the agent is unloaded
 * (disabled then: Script.bindWeak). True if enabled. */
function enableClassLoad(f: Fns, vtable: NativePointer): boolean {
  const noop = Module.findGlobalExportByName("abs");
  if (noop === null) return false;
  const callbacks = Memory.alloc(JVMTI_EVENT_CALLBACKS * ptrSize);  // zeroed: no other event
  callbacks.add((JVMTI_EVENT_CLASS_LOAD - 50) * ptrSize).writePointer(noop);
  const setCallbacks = fn(vtable, 122, "int", ["pointer", "pointer", "int"]);
  const setMode = fn(vtable, 2, "int", ["pointer", "int", "int", "pointer"]);
  if (setCallbacks(f.env, callbacks, JVMTI_EVENT_CALLBACKS * ptrSize) !== 0) return false;
  if (setMode(f.env, JVMTI_ENABLE, JVMTI_EVENT_CLASS_LOAD, NULL) !== 0) return false;
  classLoadAnchor = callbacks;
  Script.bindWeak(classLoadAnchor, () => {
    setMode(f.env, JVMTI_DISABLE, JVMTI_EVENT_CLASS_LOAD, NULL);
  });
  return true;
}

/** Held for as long as the agent is loaded: its unload disables the ClassLoad event (enableClassLoad). */
let classLoadAnchor: NativePointer | null = null;

function setUpWalk(vtable: NativePointer, asgct: boolean): void {
  try {
    // held for the module (Memory.alloc frees it when collected): env, GetStackTrace, JavaVM, AsyncGetCallTrace
    walkContext = Memory.alloc(4 * ptrSize);
    walkCounts = Memory.alloc(3 * 4);
    const ctx = walkContext;
    ctx.writePointer(fns!.env);
    ctx.add(ptrSize).writePointer(getStackTracePtr);
    ctx.add(2 * ptrSize).writePointer((Java.vm as any).handle);
    walkModule = new CModule(C_SOURCE, {
      walk_env: ctx, walk_fn: ctx.add(ptrSize), walk_vm: ctx.add(2 * ptrSize), walk_asgct: ctx.add(3 * ptrSize),
      walk_counts: walkCounts,
    });
    // "propagate": no exception scope per call (half a NativeFunction call's cost); a fault in the JVM's own
    // stack walk is the JVM's to handle, as it would be without us
    walk = new NativeFunction(walkModule.pimon_walk, "int", ["int", "pointer"],
                              { exceptions: "propagate" });
    // "steal": a fault inside AsyncGetCallTrace becomes an exception here (asyncFault) instead of the JVM's fatal
    // error. Only this call: GetStackTrace runs in the VM's own state, which no exception may leave half-way.
    walkAsync = new NativeFunction(walkModule.pimon_walk_async, "int", ["int", "pointer"],
                                   { exceptions: "steal" });
  } catch (e) {
    walk = null;  // no C compiler in this Frida: the frames are read in JS every time
    walkAsync = null;
    walkError = String(e);
    return;
  }
  const asyncGetCallTrace = asgct ? Module.findGlobalExportByName("AsyncGetCallTrace") : null;
  if (asyncGetCallTrace !== null && enableClassLoad(fns!, vtable)) {
    walkContext.add(3 * ptrSize).writePointer(asyncGetCallTrace);
  } else {
    walkAsync = null;
  }
}

/** One frame buffer per thread: a hooked call on another thread runs JS while this one is in GetStackTrace
 * (a NativeFunction call gives up the JS lock), so they cannot share one. */
const buffers = new Map<number, Buffer>();
const WORDS = Process.pointerSize === 8 && (Process.arch === "x64" || Process.arch === "arm64");

let lastTid = -1;
let lastBuffer: Buffer | null = null;

/** This thread's buffer (its caller looks at the last one handed out first: lastTid, lastBuffer). */
function bufferFor(tid: number, max: number): Buffer {
  let b = buffers.get(tid);
  if (b === undefined || b.cap < max) {
    if (buffers.size >= 1024) buffers.clear(); // threads come and go; a thread in a call keeps its own by reference
    const size = max * 32 + 8;  // frames, count, previous count, previous frames
    const ptr = Memory.alloc(size);
    ptr.add(max * 16 + 4).writeS32(-1);
    b = { cap: max, ptr, count: ptr.add(max * 16), u32: new Uint32Array(ArrayBuffer.wrap(ptr, size)), last: null };
    buffers.set(tid, b);
  }
  lastTid = tid;
  lastBuffer = b;
  return b;
}

function frameAt(f: Fns, methodKey: number, location: number): Frame | null {
  const info = methods.get(methodKey) ?? resolve(f, ptr(methodKey), methodKey);
  if (info.hidden) return null;
  let frame = info.frames.get(location);
  if (frame === undefined) {
    const line = lineAt(info, location);
    frame = { class: info.cls, method: info.method, file: line === -2 ? null : info.file, line };
    info.frames.set(location, frame);
  }
  return frame;
}

/** The current thread's frames (innermost first, hidden frames dropped), at most `max`; null when
 * JVMTI is not set up or the thread is not a Java thread. One native call; the frames are read from a
 * typed view of the thread's buffer (no NativePointer or Int64 made per frame). */
export function currentFrames(max: number, tid: number = Process.getCurrentThreadId()): Frame[] | null {
  const f = fns;
  if (f === null) return null;
  if (!WORDS) return currentFramesSlow(f, max);
  const b = tid === lastTid && lastBuffer!.cap >= max ? lastBuffer! : bufferFor(tid, max);
  if (walk !== null) {
    let same = -3;
    if (walkAsync !== null) {
      try {
        same = walkAsync(b.cap, b.ptr);
      } catch (e) {
        asyncFault(e);
      }
      if (same === -4) walkAsync = null;  // refused as unwalkable too often: off (C_SOURCE)
    }
    if (same <= -3) same = walk(b.cap, b.ptr);
    if (same < 0) return null;
    if (same === 1 && b.last !== null) return b.last;
  } else if (f.getStackTrace(f.env, NULL, 0, b.cap, b.ptr, b.count) !== 0) {
    return null;
  }
  const u32 = b.u32;
  const n = u32[b.cap * 4];
  const out: Frame[] = [];
  for (let i = 0; i < n; i++) {
    const w = i * 4;
    const hi = u32[w + 3];
    const location = (hi >= 0x80000000 ? hi - 0x100000000 : hi) * 0x100000000 + u32[w + 2];
    const frame = frameAt(f, u32[w + 1] * 0x100000000 + u32[w], location);
    if (frame !== null) out.push(frame);
  }
  b.last = out;
  return out;
}

function currentFramesSlow(f: Fns, max: number): Frame[] | null {
  const buf = Memory.alloc(max * 16 + 8);
  const countPtr = buf.add(max * 16);
  if (f.getStackTrace(f.env, NULL, 0, max, buf, countPtr) !== 0) return null;
  const n = countPtr.readS32();
  const out: Frame[] = [];
  for (let i = 0; i < n; i++) {
    const method = buf.add(i * 16).readPointer();
    const frame = frameAt(f, parseInt(method.toString(), 16), buf.add(i * 16 + 8).readS64().toNumber());
    if (frame !== null) out.push(frame);
  }
  return out;
}
