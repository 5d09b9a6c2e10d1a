import { objectToString } from "./jni.js";

// Turning Java values into bounded strings. Everything here runs on the hooked thread with the
// re-entrancy guard held; any failure yields a placeholder, never an exception into the app.

let maxLen = 512;

export function configure(maxValueLength: number): void {
  maxLen = maxValueLength;
}

export function truncate(s: string): string {
  return s.length > maxLen ? s.substring(0, maxLen) : s;
}

/** Java type name as written in source: "[Ljava.lang.String;" -> "java.lang.String[]", "[B" -> "byte[]". */
export function typeName(className: string): string {
  let dims = 0;
  let name = className;
  while (name.startsWith("[")) {
    dims += 1;
    name = name.substring(1);
  }
  if (dims === 0) return name;
  const prim: Record<string, string> = {
    Z: "boolean", B: "byte", C: "char", S: "short", I: "int", J: "long", F: "float", D: "double",
  };
  if (name.startsWith("L") && name.endsWith(";")) name = name.substring(1, name.length - 1);
  else name = prim[name] ?? name;
  return name + "[]".repeat(dims);
}

function hexBytes(value: any): string {
  const n = Math.min(value.length ?? 0, Math.floor(maxLen / 2));
  let out = "";
  for (let i = 0; i < n; i++) {
    const b = value[i] & 0xff;
    out += (b < 16 ? "0" : "") + b.toString(16);
  }
  return out;
}

function javaToString(value: any): string {
  try {
    const handle = value.$h;
    if (handle instanceof NativePointer) return objectToString(handle, maxLen) ?? "<toString failed>";
    return String(value);
  } catch (e) {
    return "<toString failed>";
  }
}

/** A Java value (as frida-java-bridge hands it over) as a string of at most maxValueLength chars. */
export function stringify(value: any, type: string): string {
  try {
    if (value === null || value === undefined) return "null";
    const t = typeof value;
    if (t === "string") return truncate(value);
    if (t === "number" || t === "boolean" || t === "bigint") return String(value);
    if (type === "byte[]") return hexBytes(value);
    if (type.endsWith("[]") || Array.isArray(value)) {
      const inner = type.endsWith("[]") ? type.substring(0, type.length - 2) : "java.lang.Object";
      const items: string[] = [];
      let total = 2;
      const n = value.length ?? 0;
      for (let i = 0; i < n && total < maxLen; i++) {
        const s = stringify(value[i], inner);
        items.push(s);
        total += s.length + 1;
      }
      return truncate(JSON.stringify(items));
    }
    return truncate(javaToString(value));
  } catch (e) {
    return "<unreadable>";
  }
}
