// Generic installer of Java method hooks from catalog entries: every overload unless the entry
// narrows them, argument filters, pass-through of return values and exceptions, and re-entrancy
// handling (a hooked API called by framework code inside another hooked API is not recorded twice).
import Java from "frida-java-bridge";
import { compile, Matcher } from "./filters.js";
import { currentThreadId, isBusy, threadState, withBusy } from "./guard.js";
import { CatalogEntry, Missing } from "./protocol.js";
import { apiOf, emit, emitJava, noteError, Site, stats } from "./record.js";
import { stackOf } from "./stack.js";
import { stringify, truncate, typeName } from "./values.js";

interface Compiled {
  entry: CatalogEntry;
  matches: Matcher;
  overloads: Set<string> | null;
  hooked: Set<string>;
}

let frameworkPrefixes: string[] = [];

/** "class.method" (as in stack frames) of every hooked Java method. */
export const hookedFrames = new Set<string>();

export function configure(prefixes: string[]): void {
  frameworkPrefixes = prefixes;
}

function isFramework(cls: string): boolean {
  return frameworkPrefixes.some((p) => cls.startsWith(p));
}

function describe(e: any): string {
  try {
    return String(e?.message ?? e);
  } catch (_) {
    return "<exception>";
  }
}

function groupByMethod(entries: CatalogEntry[]): Map<string, Compiled[]> {
  const groups = new Map<string, Compiled[]>();
  for (const entry of entries) {
    const key = entry.class + "\u0000" + entry.method;
    const c: Compiled = {
      entry,
      matches: compile(entry.filter),
      overloads: entry.overloads ? new Set(entry.overloads.map((o) => o.join(","))) : null,
      hooked: new Set(),
    };
    const list = groups.get(key);
    if (list) list.push(c);
    else groups.set(key, [c]);
  }
  return groups;
}

/** The overloads a class declares itself: the bridge also lists inherited ones (Object.notify for
 * NotificationManager.notify, ContextWrapper's startActivity on Activity), which must not be
 * replaced under this class's name. */
function ownOverloads(wrapper: any, cls: string, method: string): any[] {
  const m = wrapper[method];
  if (m === undefined || m === null || !Array.isArray(m.overloads)) return [];
  return m.overloads.filter((ov: any) => {
    const holder = ov.holder?.$className;
    return holder === undefined || holder === cls;
  });
}

/** The values of a call without arguments: one array, never changed (an event keeps it as its args). */
const NO_ARGS = Object.freeze([]) as unknown as string[];

/** Passes the original's exception on to its caller. A Java exception out of a boolean method: thrown
 * into Java here, returning false. Thrown at the bridge, it throws it into Java too but then returns
 * the type's default, JS false, through its uint8 callback, which Frida refuses ("expected an
 * unsigned integer", an agent error without a stack) — on ART and HotSpot alike. */
function rethrow(exc: any, retType: string): any {
  const handle = exc?.$h;
  if (retType !== "boolean" || !(handle instanceof NativePointer)) throw exc;
  (Java.vm.getEnv() as any).throw(handle);
  return false;
}

function hookOverload(cls: string, method: string, ov: any, sig: string, cands: Compiled[]): void {
  const argTypes: string[] = ov.argumentTypes.map((t: any) => typeName(t.className));
  const retType = typeName(ov.returnType.className);
  const isVoid = retType === "void";
  const frameMethod = method === "$init" ? "<init>" : method;
  hookedFrames.add(cls + "." + frameMethod);
  // UI hooks (dialog shown, click dispatched: consent times) are transparent: what the click handler does
  // is the app's own doing, not the implementation of the click, so it is not "nested" in it.
  const transparent = cands.every((c) => c.entry.category === "ui");
  // one candidate without an argument filter (most entries): no filter to run per call
  const single = cands.length === 1 && !cands[0].entry.filter ? cands[0] : null;
  const api = apiOf(cands[0].entry);  // one class.method for the whole group
  const sites = new Map<Compiled, Site>(cands.map((c) => [c, { entry: c.entry, api, overload: sig }]));
  const singleSite = single !== null ? sites.get(single)! : null;
  ov.implementation = function (this: any, ...args: any[]): any {
    const tid = currentThreadId();
    const t = threadState(tid);
    if (t.busy) return ov.apply(this, args);
    const outer = t.depth;
    if (transparent) t.open += 1;
    else t.depth = outer + 1;
    const ts = Date.now();
    let ret: any;
    let exc: any;
    let threw = false;
    try {
      ret = ov.apply(this, args);
    } catch (e) {
      threw = true;
      exc = e;
    } finally {
      if (transparent) t.open -= 1;
      else t.depth -= 1;
    }
    t.busy = true;  // the agent's own Java calls below (toString, the stack) are not recorded
    try {
      let sargs = args.length === 0 ? NO_ARGS : args.map((a, i) => stringify(a, argTypes[i] ?? "java.lang.Object"));
      const hit = single !== null ? single : cands.find((c) => c.matches(sargs));
      if (hit !== undefined) {
        if (hit.entry.self === true) sargs = [...sargs, stringify(this, cls)];
        const stack = stackOf(cls, frameMethod, tid, t, ts);
        if (outer > 0 && stack.length > 0 && isFramework(stack[0].class)) {
          stats.nestedSkipped += 1;
        } else {
          if (threw) {
            emit(hit.entry, api, sig, sargs, null, describe(exc), ts, t.name, stack, "java");
          } else {
            const sret = isVoid ? null : typeof ret === "string" ? truncate(ret) : stringify(ret, retType);
            emitJava(singleSite ?? sites.get(hit)!, t, sargs, sret, ts, stack);
          }
        }
      }
    } catch (e) {
      noteError(e);
    } finally {
      t.busy = false;
    }
    if (threw) return rethrow(exc, retType);
    return ret;
  };
}

/** Hooks one class.method group on a class wrapper; returns how many of its entries are in place. */
function installGroup(group: Compiled[], wrapper: any, missing: (m: Missing) => void): number {
  const { class: cls, method } = group[0].entry;
  const fail = (reason: string, which: Compiled[] = group) => {
    for (const c of which) missing({ class: cls, method, reason });
  };
  try {
    const overloads = ownOverloads(wrapper, cls, method);
    if (overloads.length === 0) {
      fail("method not declared by this class");
      return 0;
    }
    for (const ov of overloads) {
      const sig = ov.argumentTypes.map((t: any) => typeName(t.className)).join(",");
      const cands = group.filter((c) => c.overloads === null || c.overloads.has(sig));
      if (cands.length === 0) continue;
      try {
        hookOverload(cls, method, ov, sig, cands);
        for (const c of cands) c.hooked.add(sig);
      } catch (e) {
        fail(`cannot hook overload (${sig}): ${describe(e)}`, cands);
      }
    }
  } catch (e) {
    fail(`cannot hook: ${describe(e)}`);
    return 0;
  }
  let installed = 0;
  for (const c of group) {
    if (c.overloads !== null) {
      for (const want of c.overloads) {
        if (!c.hooked.has(want)) missing({ class: cls, method, reason: `overload (${want}) not found` });
      }
    }
    if (c.hooked.size > 0) installed += 1;
    else if (c.overloads === null) missing({ class: cls, method, reason: "no overload hooked" });
  }
  return installed;
}

/** Groups whose class no loader had at init, by class name: hooked when an app loader has it. */
const pending = new Map<string, Compiled[][]>();
let lateCallback: ((cls: string, method: string, entries: number) => void) | null = null;

/** Hooks a pending class through ``wrapper`` (built on the loader that has it). ``late``: report each
 * group through the late callback (after init); else return the entries installed (during init). */
function installPending(cls: string, wrapper: any, late: boolean): number {
  const groups = pending.get(cls);
  if (groups === undefined) return 0;
  pending.delete(cls);
  let total = 0;
  for (const group of groups) {
    const n = installGroup(group, wrapper, (m) => noteError(new Error(`late ${m.class}.${m.method}: ${m.reason}`)));
    total += n;
    const report = lateCallback;
    // HotSpot applies the replacement in a tick queued by the install: report after it
    if (late && n > 0 && report !== null) Script.nextTick(() => Script.nextTick(() => report(cls, group[0].entry.method, n)));
  }
  return total;
}

/** ``cls`` as ``loader`` has it, through that loader's ``factory`` (throws if the loader has not got it).
 * HotSpot defines a class without linking it (that waits for its first use), and the bridge builds a
 * wrapper from JVMTI GetClassMethods, which refuses a class not yet prepared (CLASS_NOT_PREPARED): the
 * bridge does not check, walks an uninitialised count and array and frees a garbage pointer, and the JVM
 * aborts ("munmap_chunk(): invalid pointer") — the late hook's race with the app's first use of the class.
 * So on HotSpot the class is linked first: Class.getDeclaredMethods links it (the JVM's own lock orders
 * this with the app's thread) without running its static initialiser. ART links a class as it defines it. */
function useThrough(factory: any, loader: any, cls: string): any {
  if ((Java as any).api?.flavor === "jvm") {
    Java.cast(loader, Java.use("java.lang.ClassLoader")).loadClass(cls).getDeclaredMethods();
  }
  return factory.use(cls);
}

function installLate(loader: any, cls: string): void {
  if (!pending.has(cls)) return;
  let wrapper: any;
  try {
    wrapper = useThrough(Java.ClassFactory.get(loader), loader, cls);
  } catch (e) {
    noteError(e);
    return;
  }
  installPending(cls, wrapper, true);
}

/** Tries every pending class on one loader (a loader that does not have it throws: skipped). */
function tryLoader(loader: any, late: boolean): number {
  let total = 0;
  let factory: any;
  try {
    factory = Java.ClassFactory.get(loader);
  } catch (e) {
    noteError(e);
    return 0;
  }
  for (const cls of Array.from(pending.keys())) {
    let wrapper: any;
    try {
      wrapper = useThrough(factory, loader, cls);
    } catch (_) {
      continue; // not this loader's class
    }
    total += installPending(cls, wrapper, late);
  }
  return total;
}

/** Every class loader alive now (Java.enumerateClassLoaders): the app's PathClassLoader once it
 * exists on ART, packers' and plugins' DexClassLoaders, a URLClassLoader on HotSpot that loaded an
 * SDK before the agent came. Returns the entries hooked. Must run inside Java.perform(Now). */
export function hookPendingInLoaders(late: boolean): number {
  if (pending.size === 0) return 0;
  let total = 0;
  let loaders: any[] = [];
  try {
    loaders = Java.enumerateClassLoadersSync();
  } catch (e) {
    noteError(e);
  }
  const app = (Java as any).classFactory?.loader;
  if (app !== null && app !== undefined) loaders.unshift(app);
  for (const loader of loaders) {
    if (pending.size === 0) break;
    total += tryLoader(loader, late);
  }
  return total;
}

/** The catalog entries still without their class, reported as missing (then hooked late if ever). */
export function reportPending(missing: (m: Missing) => void): void {
  for (const [cls, groups] of pending) {
    for (const group of groups) for (const c of group) missing({ class: cls, method: c.entry.method, reason: "class not found" });
  }
}

function onClassLoaded(loader: any, name: string): void {
  if (!pending.has(name) || isBusy(Process.getCurrentThreadId())) return;
  // Not here, inside the define on the app's thread, which holds the class's loading lock: a moment
  // later, on the agent's thread (useThrough links the class first on HotSpot).
  const kept = Java.retain(loader);
  setTimeout(() => {
    try {
      Java.perform(() => installLate(kept, name));
    } catch (e) {
      noteError(e);
    }
  }, 0);
}

/** Watches class loaders so that catalog classes living in the app (SDK clients: advertising ids,
 * OAID) get hooked. HotSpot: ClassLoader.postDefineClass (private, so the hook holds even for
 * loaders in the CDS archive, whose vtables the bridge cannot patch). ART: every BaseDexClassLoader
 * constructed (PathClassLoader, DexClassLoader, InMemoryDexClassLoader: packers and plugins), whose
 * pending classes are hooked right after its constructor returns, on the thread that made it and so
 * before it can use them; ART's class linker bypasses ClassLoader.loadClass(String) for these
 * loaders, so that hook only serves custom loaders that go through it. */
function watchClassLoading(): void {
  const ClassLoader = Java.use("java.lang.ClassLoader");
  if ((Java as any).api?.flavor === "jvm") {
    const post = ClassLoader.postDefineClass.overloads[0];
    hookedFrames.add("java.lang.ClassLoader.postDefineClass");
    post.implementation = function (this: any, c: any, pd: any): any {
      const result = post.call(this, c, pd);
      if (pending.size > 0) onClassLoaded(this, c.getName());
      return result;
    };
    return;
  }
  try {
    const Dex = Java.use("dalvik.system.BaseDexClassLoader");
    hookedFrames.add("dalvik.system.BaseDexClassLoader.<init>");
    for (const ov of Dex.$init.overloads) {
      ov.implementation = function (this: any, ...args: any[]): any {
        ov.apply(this, args);
        if (pending.size > 0 && !isBusy(Process.getCurrentThreadId())) {
          try {
            withBusy(Process.getCurrentThreadId(), () => tryLoader(this, true));
          } catch (e) {
            noteError(e);
          }
        }
      };
    }
  } catch (e) {
    noteError(e);
  }
  const loadClass = ClassLoader.loadClass.overload("java.lang.String");
  hookedFrames.add("java.lang.ClassLoader.loadClass");
  loadClass.implementation = function (this: any, name: string): any {
    const result = loadClass.call(this, name);
    if (pending.size > 0) onClassLoaded(this, name);
    return result;
  };
}

/** Installs the Java hooks whose classes the default loader has; returns how many catalog entries got
 * at least one overload hooked. The others stay pending: with onLate, they are hooked when a loader
 * has them (hookPendingInLoaders, loader construction/class definition); reportPending names them. */
export function installJavaHooks(
  entries: CatalogEntry[], missing: (m: Missing) => void,
  onLate: ((cls: string, method: string, entries: number) => void) | null = null,
): number {
  let installed = 0;
  for (const group of groupByMethod(entries).values()) {
    const { class: cls } = group[0].entry;
    let wrapper: any;
    try {
      wrapper = Java.use(cls);
    } catch (e) {
      const list = pending.get(cls) ?? [];
      list.push(group);
      pending.set(cls, list);
      continue;
    }
    installed += installGroup(group, wrapper, missing);
  }
  if (onLate !== null && pending.size > 0) {
    lateCallback = onLate;
    try {
      watchClassLoading();
    } catch (e) {
      noteError(e);
    }
  }
  return installed;
}

/** Without late hooking: forget the pending classes once reported. */
export function dropPending(): void {
  pending.clear();
}
