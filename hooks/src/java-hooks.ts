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

function declaredMethodNames(wrapper: any): Set<string> {
  const names = new Set<string>();
  for (const m of wrapper.class.getDeclaredMethods()) names.add(m.getName());
  return names;
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

/** Installs the Java hooks; returns how many catalog entries got at least one overload hooked. */
export function installJavaHooks(entries: CatalogEntry[], missing: (m: Missing) => void): number {
  let installed = 0;
  for (const group of groupByMethod(entries).values()) {
    const { class: cls, method } = group[0].entry;
    const fail = (reason: string, which: Compiled[] = group) => {
      for (const c of which) missing({ class: cls, method, reason });
    };
    let wrapper: any;
    try {
      wrapper = Java.use(cls);
    } catch (e) {
      fail("class not found");
      continue;
    }
    try {
      if (method !== "$init" && !declaredMethodNames(wrapper).has(method)) {
        fail("method not declared by this class");
        continue;
      }
      const overloads: any[] = wrapper[method].overloads;
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
      continue;
    }
    for (const c of group) {
      if (c.overloads !== null) {
        for (const want of c.overloads) {
          if (!c.hooked.has(want)) missing({ class: cls, method, reason: `overload (${want}) not found` });
        }
      }
      if (c.hooked.size > 0) installed += 1;
      else if (c.overloads === null) missing({ class: cls, method, reason: "no overload hooked" });
    }
  }
  return installed;
}
