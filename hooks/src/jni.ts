// Raw JNI for the per-call work (current thread, its stack as one string, its name, toString of
// objects): frida-java-bridge's wrappers cost tens of µs per call and per array element, raw JNI
// a few µs. Method ids and global class refs are resolved once in configure().
import Java from "frida-java-bridge";

interface Ids {
  thread: NativePointer;
  arrays: NativePointer;
  object: NativePointer;
  currentThread: NativePointer;
  getStackTrace: NativePointer;
  getName: NativePointer;
  arraysToString: NativePointer;
  objectToString: NativePointer;
}

let ids: Ids | null = null;

function classRef(env: any, name: string): NativePointer {
  const local = env.findClass(name);
  env.throwIfExceptionPending();
  const global = env.newGlobalRef(local);
  env.deleteLocalRef(local);
  return global;
}

function methodId(env: any, cls: NativePointer, name: string, sig: string, isStatic: boolean): NativePointer {
  const id = isStatic ? env.getStaticMethodId(cls, name, sig)
    : env.getMethodId(cls, name, sig);
  env.throwIfExceptionPending();
  return id;
}

export function configure(): void {
  const env: any = Java.vm.getEnv();
  const thread = classRef(env, "java/lang/Thread");
  const arrays = classRef(env, "java/util/Arrays");
  const object = classRef(env, "java/lang/Object");
  ids = {
    thread, arrays, object,
    currentThread: methodId(env, thread, "currentThread", "()Ljava/lang/Thread;", true),
    getStackTrace: methodId(env, thread, "getStackTrace", "()[Ljava/lang/StackTraceElement;", false),
    getName: methodId(env, thread, "getName", "()Ljava/lang/String;", false),
    arraysToString: methodId(env, arrays, "toString", "([Ljava/lang/Object;)Ljava/lang/String;", true),
    objectToString: methodId(env, object, "toString", "()Ljava/lang/String;", false),
  };
  setUpToString();
}

function takeString(env: any, ref: NativePointer): string | null {
  if (ref.isNull()) return null;
  return env.stringFromJni(ref);
}

function clearException(env: any): boolean {
  const exc: NativePointer = env.exceptionOccurred();
  if (exc.isNull()) return false;
  env.exceptionClear();
  env.deleteLocalRef(exc);
  return true;
}

/** The current thread's stack (Arrays.toString of getStackTrace()) and name, or null off a Java thread. */
export function stackText(): [string, string] | null {
  if (ids === null) return null;
  const env: any = Java.vm.tryGetEnv();
  if (env === null) return null;
  const h = env.handle;
  const callStatic0 = env.staticVaMethod("pointer", []);
  const callStatic1 = env.staticVaMethod("pointer", ["pointer"]);
  const call0 = env.vaMethod("pointer", []);
  env.pushLocalFrame(8);
  try {
    const thread: NativePointer = callStatic0(h, ids.thread, ids.currentThread);
    const arr: NativePointer = call0(h, thread, ids.getStackTrace);
    if (clearException(env)) return null;
    const text = takeString(env, callStatic1(h, ids.arrays, ids.arraysToString, arr));
    const name = takeString(env, call0(h, thread, ids.getName));
    if (clearException(env)) return null;
    return [text ?? "[]", name ?? ""];
  } finally {
    env.popLocalFrame(NULL);
  }
}

// Object.toString() in one native call: the JNI calls objectToString makes one by one from JS (GetEnv, a local
// frame, the call, the exception check, the string's length and chars) cost a NativeFunction call each, most of
// a hooked call's cost when an argument is an object (Settings.Secure.getString's ContentResolver). JNI's function
// table indices and GetEnv's are the same on every VM (jni.h).
const TO_STRING_C = `
typedef int jint;
typedef unsigned short jchar;
typedef jint (*get_env_t)(void *vm, void **env, jint version);
typedef jint (*push_frame_t)(void *env, jint capacity);
typedef void *(*pop_frame_t)(void *env, void *result);
typedef void *(*call_object_a_t)(void *env, void *obj, void *method, void *args);
typedef unsigned char (*exception_check_t)(void *env);
typedef void (*exception_clear_t)(void *env);
typedef jint (*string_length_t)(void *env, void *str);
typedef void (*string_region_t)(void *env, void *str, jint start, jint len, jchar *buf);
extern void *pimon_vm;  /* the JavaVM */
#define FN(p, i) ((*(void ***)(p))[i])
/* obj.toString() (method: Object.toString's id): its first cap UTF-16 units in out; returns how many, -1 if it
   threw (cleared), -2 if it returned null, -3 off a Java thread or without room for a local frame */
int pimon_to_string(void *obj, void *method, jchar *out, int cap) {
  void *vm = pimon_vm;
  void *env = 0;
  void *str;
  int n;
  if (((get_env_t)FN(vm, 6))(vm, &env, 0x00010006) != 0 || env == 0) return -3;
  if (((push_frame_t)FN(env, 19))(env, 4) != 0) {
    ((exception_clear_t)FN(env, 17))(env);
    return -3;
  }
  str = ((call_object_a_t)FN(env, 36))(env, obj, method, 0);
  if (((exception_check_t)FN(env, 228))(env)) {
    ((exception_clear_t)FN(env, 17))(env);
    n = -1;
  } else if (str == 0) {
    n = -2;
  } else {
    n = ((string_length_t)FN(env, 164))(env, str);
    if (n > cap) n = cap;
    ((string_region_t)FN(env, 220))(env, str, 0, n, out);
  }
  ((pop_frame_t)FN(env, 20))(env, 0);
  return n;
}
`;

let toStringC: NativeFunction<number, [NativePointerValue, NativePointerValue, NativePointerValue, number]> | null = null;
let toStringModule: CModule | null = null;
let toStringGlobals: NativePointer = NULL;
const toStringBuffers = new Map<number, [NativePointer, number]>();

function setUpToString(): void {
  try {
    toStringGlobals = Memory.alloc(Process.pointerSize);
    toStringGlobals.writePointer((Java.vm as any).handle);
    toStringModule = new CModule(TO_STRING_C, { pimon_vm: toStringGlobals });
    toStringC = new NativeFunction(toStringModule.pimon_to_string, "int", ["pointer", "pointer", "pointer", "int"]);
  } catch (e) {
    toStringC = null;  // no C compiler in this Frida: the JNI calls from JS
  }
}

/** The native toString's kind, for stats(): "c", or "js" without it. */
export function toStringKind(): string {
  return toStringC !== null ? "c" : "js";
}

/** A thread's buffer for the native toString (a call on another thread runs while this one is in Java). */
function toStringBuffer(cap: number): NativePointer {
  const tid = Process.getCurrentThreadId();
  const known = toStringBuffers.get(tid);
  if (known !== undefined && known[1] >= cap) return known[0];
  if (toStringBuffers.size >= 1024) toStringBuffers.clear();  // threads come and go
  const buf = Memory.alloc(Math.max(cap, 1) * 2);
  toStringBuffers.set(tid, [buf, cap]);
  return buf;
}

/** Object.toString() of a wrapped Java object through its handle, its first `max` characters; null if it can't be
 * had. */
export function objectToString(handle: NativePointer, max: number): string | null {
  if (ids === null) return null;
  if (toStringC !== null) {
    const buf = toStringBuffer(max);
    const n = toStringC(handle, ids.objectToString, buf, max);
    if (n >= 0) return n === 0 ? "" : buf.readUtf16String(n);
    if (n !== -3) return null;
  }
  const env: any = Java.vm.tryGetEnv();
  if (env === null) return null;
  const call0 = env.vaMethod("pointer", []);
  env.pushLocalFrame(4);
  try {
    const s: NativePointer = call0(env.handle, handle, ids.objectToString);
    if (clearException(env)) return null;
    return takeString(env, s);
  } finally {
    env.popLocalFrame(NULL);
  }
}

/** Thread.currentThread().getName(), or null off a Java thread. */
export function currentThreadName(): string | null {
  if (ids === null) return null;
  const env: any = Java.vm.tryGetEnv();
  if (env === null) return null;
  const h = env.handle;
  const callStatic0 = env.staticVaMethod("pointer", []);
  const call0 = env.vaMethod("pointer", []);
  env.pushLocalFrame(4);
  try {
    const thread: NativePointer = callStatic0(h, ids.thread, ids.currentThread);
    const name = takeString(env, call0(h, thread, ids.getName));
    return clearException(env) ? null : name;
  } finally {
    env.popLocalFrame(NULL);
  }
}
