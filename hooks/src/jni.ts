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

/** Object.toString() of a wrapped Java object through its handle; null if it can't be had. */
export function objectToString(handle: NativePointer): string | null {
  if (ids === null) return null;
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
