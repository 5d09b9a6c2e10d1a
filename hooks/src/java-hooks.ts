// Generic installer of Java method hooks from catalog entries: every overload unless the entry
// narrows them, argument filters, pass-through of return values and exceptions, and re-entrancy
// handling (a hooked API called by framework code inside another hooked API is not recorded twice).
import Java from "frida-java-bridge";
import { compile, Matcher } from "./filters.js";
import { enter, isBusy, leave, withBusy } from "./guard.js";
import { CatalogEntry, Missing } from "./protocol.js";
import { emit, noteError, stats } from "./record.js";
import { currentStack } from "./stack.js";
import { stringify, typeName } from "./values.js";

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

function hookOverload(cls: string, method: string, ov: any, sig: string, cands: Compiled[]): void {
  const argTypes: string[] = ov.argumentTypes.map((t: any) => typeName(t.className));
  const retType = typeName(ov.returnType.className);
  const frameMethod = method === "$init" ? "<init>" : method;
  hookedFrames.add(cls + "." + frameMethod);
  ov.implementation = function (this: any, ...args: any[]): any {
    const tid = Process.getCurrentThreadId();
    if (isBusy(tid)) return ov.apply(this, args);
    const outer = enter(tid);
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
      leave(tid);
    }
    try {
      withBusy(tid, () => {
        const sargs = args.map((a, i) => stringify(a, argTypes[i] ?? "java.lang.Object"));
        const hit = cands.find((c) => c.matches(sargs));
        if (hit === undefined) return;
        const [stack, thread] = currentStack(cls, frameMethod);
        if (outer > 0 && stack.length > 0 && isFramework(stack[0].class)) {
          stats.nestedSkipped += 1;
          return;
        }
        const sret = threw || retType === "void" ? null : stringify(ret, retType);
        emit(hit.entry, sig, sargs, sret, threw ? describe(exc) : null, ts, thread, stack, "java");
      });
    } catch (e) {
      noteError(e);
    }
    if (threw) throw exc;
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

/** Groups whose class no loader had at init, by class name: hooked when an app loader loads it. */
const pending = new Map<string, Compiled[][]>();
let lateCallback: ((cls: string, method: string, entries: number) => void) | null = null;

function installLate(loader: any, cls: string): void {
  const groups = pending.get(cls);
  if (groups === undefined) return;
  pending.delete(cls);
  let wrapper: any;
  try {
    wrapper = Java.ClassFactory.get(loader).use(cls);
  } catch (e) {
    noteError(e);
    return;
  }
  for (const group of groups) {
    const n = installGroup(group, wrapper, (m) => noteError(new Error(`late ${m.class}.${m.method}: ${m.reason}`)));
    const report = lateCallback;
    // HotSpot applies the replacement in a tick queued by the install: report after it
    if (n > 0 && report !== null) Script.nextTick(() => Script.nextTick(() => report(cls, group[0].entry.method, n)));
  }
}

function onClassLoaded(loader: any, name: string): void {
  if (!pending.has(name) || isBusy(Process.getCurrentThreadId())) return;
  // Not here: the loader holds the class's loading lock and the bridge cannot build a wrapper
  // inside the define (it crashes on HotSpot). A moment later, on the agent's thread.
  const kept = Java.retain(loader);
  setTimeout(() => {
    try {
      Java.perform(() => installLate(kept, name));
    } catch (e) {
      noteError(e);
    }
  }, 0);
}

/** Watches app class loading so that catalog classes living in the app (SDK clients: advertising
 * ids, OAID) get hooked once loaded — within milliseconds, so a call in the very first moments
 * after the class is defined may be missed. HotSpot: ClassLoader.postDefineClass (private, so the
 * hook holds even for loaders in the CDS archive, whose vtables the bridge cannot patch); ART:
 * ClassLoader.loadClass(String). */
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
  const loadClass = ClassLoader.loadClass.overload("java.lang.String");
  hookedFrames.add("java.lang.ClassLoader.loadClass");
  loadClass.implementation = function (this: any, name: string): any {
    const result = loadClass.call(this, name);
    if (pending.size > 0) onClassLoaded(this, name);
    return result;
  };
}

/** Installs the Java hooks; returns how many catalog entries got at least one overload hooked.
 * With onLate, classes not found now are hooked when an app class loader loads them later. */
export function installJavaHooks(
  entries: CatalogEntry[], missing: (m: Missing) => void,
  onLate: ((cls: string, method: string, entries: number) => void) | null = null,
): number {
  let installed = 0;
  for (const group of groupByMethod(entries).values()) {
    const { class: cls, method } = group[0].entry;
    let wrapper: any;
    try {
      wrapper = Java.use(cls);
    } catch (e) {
      for (const c of group) missing({ class: cls, method, reason: "class not found" });
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
  } else {
    pending.clear();
  }
  return installed;
}
