// Stack walking on HotSpot through JVMTI: one GetStackTrace call per event gives (method, location)
// pairs; names, source files and line tables are resolved once per method and cached. Much cheaper
// than Thread.getStackTrace() (which builds StackTraceElement objects). ART has no JVMTI here: the
// JNI path (jni.ts) is used there.
import Java from "frida-java-bridge";
import { Frame } from "./protocol.js";

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
const methods = new Map<string, MethodInfo>();

function fn(vtable: NativePointer, index: number, ret: any, args: any[]): any {
  return new NativeFunction(vtable.add((index - 1) * ptrSize).readPointer(), ret, args);
}

/** Sets up a JVMTI environment of our own; false where there is none (ART) or it fails. */
export function configure(): boolean {
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

function resolve(f: Fns, method: NativePointer): MethodInfo {
  const key = method.toString();
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

/** The current thread's frames (innermost first, hidden frames dropped), at most `max`; null when
 * JVMTI is not set up or the thread is not a Java thread. */
export function currentFrames(max: number): Frame[] | null {
  const f = fns;
  if (f === null) return null;
  const buf = Memory.alloc(max * 16 + 8);
  const countPtr = buf.add(max * 16);
  if (f.getStackTrace(f.env, NULL, 0, max, buf, countPtr) !== 0) return null;
  const n = countPtr.readS32();
  const out: Frame[] = [];
  for (let i = 0; i < n; i++) {
    const method = buf.add(i * 16).readPointer();
    const location = buf.add(i * 16 + 8).readS64().toNumber();
    const info = resolve(f, method);
    if (info.hidden) continue;
    let frame = info.frames.get(location);
    if (frame === undefined) {
      const line = lineAt(info, location);
      frame = { class: info.cls, method: info.method, file: line === -2 ? null : info.file, line };
      info.frames.set(location, frame);
    }
    out.push(frame);
  }
  return out;
}
