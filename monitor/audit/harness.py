"""The harness app of an SDK audit: an emulator app around a vendor's SDK binary (``pimon sdk audit``).

One harness per integration *mode*, same package, same code otherwise:

* ``before-consent`` — what a careless integration does: the SDK's init entry points run in
  ``Application.onCreate``, before the privacy dialog shows;
* ``after-consent`` — the vendor's compliant integration: only the pre-init / privacy-mode calls run in
  ``Application.onCreate``; the init entry points run in the 同意 button's click handler.

The SDK's classes (a jar, or an aar's ``classes.jar`` and ``libs/*.jar``) are copied into the harness jar, so
they are on the app's class path as in an APK. An entry point is either ``pkg.Class.method`` (called by
reflection; parameters filled by type: ``Context`` → the application, ``String`` → the ``--key`` values in
order, numbers 0, booleans true, anything else null) or a Java statement (it has a ``(``), compiled into the
harness with ``context`` (the Application) and ``key("NAME")`` (a ``--key`` value) in scope.

An exception out of an entry point is rethrown: the process dies with the SDK's own stack, which the run
records as a crash and :mod:`monitor.audit.outcome` reads (a linkage error is ``sdk-incomplete``).
Everything the SDK or the user controls is escaped for Java source and XML here (pure functions).
"""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import quoteattr

from monitor.audit.classfile import ClassFormatError, inference_verifiable
from monitor.errors import ConfigError, ToolMissing

PACKAGE = "com.pimon.sdkaudit"
MODES = ("before-consent", "after-consent")
#: What an SDK's integration guide asks every app to declare (normal permissions, granted at install).
DEFAULT_PERMISSIONS = ("android.permission.INTERNET", "android.permission.ACCESS_NETWORK_STATE",
                       "android.permission.ACCESS_WIFI_STATE")
_QUALIFIED = re.compile(r"^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$")
_KEY = re.compile(r"^[A-Za-z_][\w.\-]{0,127}$")
ANDROID_NS = "http://schemas.android.com/apk/res/android"


@dataclass(frozen=True)
class HarnessSpec:
    sdk_files: tuple[Path, ...]
    inits: tuple[str, ...]
    pre_inits: tuple[str, ...] = ()
    keys: tuple[tuple[str, str], ...] = ()
    permissions: tuple[str, ...] = DEFAULT_PERMISSIONS
    label: str = "SDK audit"
    components: tuple[str, ...] = field(default=())  # <activity|service|receiver|provider .../> from an aar


def parse_key(text: str) -> tuple[str, str]:
    """``NAME=VALUE`` of ``--key`` (a manifest meta-data entry and a value for the entry points)."""
    name, sep, value = text.partition("=")
    if not sep or not _KEY.match(name):
        raise ConfigError(f"--key {text!r}: expected NAME=VALUE (NAME of letters, digits, '_', '.', '-')")
    return name, value


def check_entry(text: str, option: str = "--init") -> str:
    """An entry point as given: ``pkg.Class.method`` or a Java statement; ConfigError when it is neither."""
    entry = text.strip()
    if not entry:
        raise ConfigError(f"{option}: empty entry point")
    if "(" in entry:
        if "\n" in entry or "*/" in entry or "//" in entry:
            raise ConfigError(f"{option} {entry[:80]!r}: one Java statement on one line, without comments")
        return entry if entry.endswith(";") else entry + ";"
    if not _QUALIFIED.match(entry) or entry.count(".") < 2:
        raise ConfigError(f"{option} {entry[:80]!r}: expected pkg.Class.method or a Java statement such as "
                          "'com.vendor.Sdk.init(context, key(\"APP_KEY\"))'")
    return entry


def java_string(value: str) -> str:
    """A Java string literal of any text (escapes, no raw control characters or line breaks)."""
    out = []
    for ch in value:
        if ch in ('"', "\\"):
            out.append("\\" + ch)
        elif 0x20 <= ord(ch) < 0x7F:
            out.append(ch)
        else:
            out.extend(f"\\u{u:04x}" for u in _utf16(ch))
    return '"' + "".join(out) + '"'


def _utf16(ch: str) -> list[int]:
    data = ch.encode("utf-16-be")
    return [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2)]


def _call(entry: str) -> str:
    entry = check_entry(entry)
    if entry.endswith(";"):
        return "        " + entry
    cls, _, method = entry.rpartition(".")
    return f"        call({java_string(cls)}, {java_string(method)}, context);"


def init_source(spec: HarnessSpec, mode: str) -> str:
    """``com.pimon.sdkaudit.AuditInit``: the entry points, the mode, the keys."""
    if mode not in MODES:
        raise ValueError(mode)
    keys = "\n".join(f"        KEYS.put({java_string(k)}, {java_string(v)});" for k, v in spec.keys)
    pre = "\n".join(_call(e) for e in spec.pre_inits) or "        // none given"
    init = "\n".join(_call(e) for e in spec.inits)
    return f"""package {PACKAGE};

import android.content.Context;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Generated by pimon sdk audit: the SDK's entry points ({mode}). */
public final class AuditInit {{
    public static final String MODE = {java_string(mode)};
    static final Map<String, String> KEYS = new LinkedHashMap<>();
    static {{
{keys}
    }}

    private AuditInit() {{}}

    static String key(String name) {{
        String v = KEYS.get(name);
        return v == null ? "" : v;
    }}

    /** The vendor's pre-init / privacy-mode calls (before consent, in both modes). */
    static void preInit(Context context) throws Throwable {{
{pre}
    }}

    /** The SDK's init entry points. */
    static void init(Context context) throws Throwable {{
{init}
    }}

    /** A public static method by name, its parameters filled by type. */
    static Object call(String cls, String name, Context context) throws Throwable {{
        Class<?> c = Class.forName(cls, true, AuditInit.class.getClassLoader());
        for (Method m : c.getMethods()) {{
            if (!m.getName().equals(name) || !Modifier.isStatic(m.getModifiers())) continue;
            List<String> strings = new ArrayList<>(KEYS.values());
            Class<?>[] types = m.getParameterTypes();
            Object[] args = new Object[types.length];
            for (int i = 0; i < types.length; i++) {{
                Class<?> t = types[i];
                if (t.isInstance(context)) args[i] = context;
                else if (t == String.class) args[i] = strings.isEmpty() ? "" : strings.remove(0);
                else if (t == boolean.class) args[i] = Boolean.TRUE;
                else if (t == int.class) args[i] = 0;
                else if (t == long.class) args[i] = 0L;
                else if (t.isPrimitive()) throw new IllegalArgumentException(cls + "." + name + ": cannot fill a " + t);
            }}
            try {{
                return m.invoke(null, args);
            }} catch (InvocationTargetException e) {{
                throw e.getCause();
            }}
        }}
        throw new NoSuchMethodException(cls + "." + name + ": no public static method of that name");
    }}

    static RuntimeException rethrow(Throwable t) {{
        if (t instanceof Error) throw (Error) t;
        if (t instanceof RuntimeException) throw (RuntimeException) t;
        throw new RuntimeException("the SDK's entry point threw " + t, t);
    }}
}}
"""


APP_SOURCE = f"""package {PACKAGE};

import android.app.Application;

/** Generated by pimon sdk audit: the Application of the harness. */
public class AuditApp extends Application {{
    @Override
    public void onCreate() {{
        super.onCreate();
        try {{
            AuditInit.preInit(this);
            if (AuditInit.MODE.equals("before-consent")) AuditInit.init(this);
        }} catch (Throwable t) {{
            throw AuditInit.rethrow(t);
        }}
    }}
}}
"""

ACTIVITY_SOURCE = f"""package {PACKAGE};

import android.app.Activity;
import android.app.AlertDialog;
import android.os.Bundle;
import android.widget.LinearLayout;
import android.widget.TextView;

/** Generated by pimon sdk audit: a privacy dialog; 同意 initialises the SDK in the after-consent mode. */
public class MainActivity extends Activity {{
    private TextView status;

    @Override
    protected void onCreate(Bundle savedInstanceState) {{
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        root.setOrientation(LinearLayout.VERTICAL);
        TextView title = new TextView(this);
        title.setText("SDK 审计");
        root.addView(title);
        status = new TextView(this);
        root.addView(status);
        setContentView(root);
        new AlertDialog.Builder(this)
                .setTitle("个人信息保护指引")
                .setMessage("请您阅读《隐私政策》。我们集成的第三方 SDK 会收集设备信息。")
                .setCancelable(false)
                .setPositiveButton("同意", (d, w) -> {{
                    status.setText("欢迎");
                    if (AuditInit.MODE.equals("after-consent")) {{
                        try {{
                            AuditInit.init(getApplicationContext());
                        }} catch (Throwable t) {{
                            throw AuditInit.rethrow(t);
                        }}
                    }}
                }})
                .setNegativeButton("不同意", (d, w) -> status.setText("基本模式"))
                .show();
    }}
}}
"""


def manifest_xml(spec: HarnessSpec) -> str:
    perms = "\n".join(f"    <uses-permission android:name={quoteattr(p)} />" for p in spec.permissions)
    meta = "\n".join(f"        <meta-data android:name={quoteattr(k)} android:value={quoteattr(v)} />"
                     for k, v in spec.keys)
    comps = "\n".join(f"        {c}" for c in spec.components)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<manifest xmlns:android="{ANDROID_NS}" package="{PACKAGE}">
{perms}
    <application android:name=".AuditApp" android:label={quoteattr(spec.label)}>
{meta}
        <activity android:name=".MainActivity" android:exported="true">
            <intent-filter>
                <action android:name="android.intent.action.MAIN" />
                <category android:name="android.intent.category.LAUNCHER" />
            </intent-filter>
        </activity>
{comps}
    </application>
</manifest>
"""


def sdk_jars(path: Path) -> list[tuple[str, bytes]]:
    """The jars of an SDK file: itself, or an aar's ``classes.jar`` and ``libs/*.jar`` (name, bytes)."""
    if not path.is_file():
        raise ConfigError(f"no such SDK file: {path}")
    if path.suffix not in (".jar", ".aar"):
        raise ConfigError(f"{path}: an SDK is a .jar or an .aar")
    try:
        if path.suffix == ".jar":
            with zipfile.ZipFile(path) as zf:
                zf.testzip()
            return [(path.name, path.read_bytes())]
        with zipfile.ZipFile(path) as zf:
            return [(n, zf.read(n)) for n in zf.namelist()
                    if n == "classes.jar" or (n.startswith("libs/") and n.endswith(".jar"))]
    except (OSError, zipfile.BadZipFile) as exc:
        raise ConfigError(f"{path}: not a readable jar/aar: {exc}") from None


def aar_manifest(path: Path) -> tuple[list[str], list[str]]:
    """(permissions, component elements as XML text) of an aar's AndroidManifest.xml; empty for a jar."""
    if path.suffix != ".aar":
        return [], []
    from xml.etree import ElementTree

    with zipfile.ZipFile(path) as zf:
        if "AndroidManifest.xml" not in zf.namelist():
            return [], []
        data = zf.read("AndroidManifest.xml")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as err:
        raise ConfigError(f"AndroidManifest.xml is not well-formed XML: {err}", path=f"{path}!AndroidManifest.xml",
                          line=err.position[0]) from None
    name = f"{{{ANDROID_NS}}}name"
    perms = [p.get(name, "") for p in root.findall("uses-permission") if p.get(name)]
    comps = []
    app = root.find("application")
    for el in list(app) if app is not None else []:
        if el.tag in ("activity", "service", "receiver", "provider") and el.get(name):
            comps.append(f"<{el.tag} android:name={quoteattr(el.get(name, ''))} />")
    return perms, comps


def build_harness(spec: HarnessSpec, mode: str, out_jar: Path, framework_jar: Path, javac: str) -> Path:
    """Compile the harness for ``mode`` against the framework and the SDK, and write one app jar holding the
    harness, its manifest and every class and resource of the SDK's jars (signatures dropped)."""
    if not spec.inits:
        raise ConfigError("no init entry point: give --init pkg.Class.method (or a Java statement)")
    with tempfile.TemporaryDirectory(prefix="pimon-harness-") as tmp:
        root = Path(tmp)
        src = root / "src" / PACKAGE.replace(".", "/")
        src.mkdir(parents=True)
        (src / "AuditInit.java").write_text(init_source(spec, mode), encoding="utf-8")
        (src / "AuditApp.java").write_text(APP_SOURCE, encoding="utf-8")
        (src / "MainActivity.java").write_text(ACTIVITY_SOURCE, encoding="utf-8")
        libs = []
        for f in spec.sdk_files:
            for i, (name, data) in enumerate(sdk_jars(f)):
                lib = root / "libs" / f"{len(libs)}-{i}-{Path(name).name}"
                lib.parent.mkdir(exist_ok=True)
                lib.write_bytes(data)
                libs.append(lib)
        classes = root / "classes"
        classes.mkdir()
        cp = ":".join(str(p) for p in [framework_jar, *libs])
        cmd = [javac, "-nowarn", "-encoding", "UTF-8", "--release", "17", "-g", "-Xlint:none", "-XDsuppressNotes",
               "-proc:none", "-cp", cp, "-d", str(classes), *map(str, sorted(src.glob("*.java")))]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=300)
        except OSError as exc:
            raise ToolMissing(f"javac could not run ({exc}): the SDK audit compiles its harness app with a JDK 17")
        if proc.returncode != 0:
            raise ConfigError("the harness does not compile against the SDK (check --init/--pre-init):\n"
                              + _javac_errors(proc.stderr))
        return _write(out_jar, manifest_xml(spec), classes, libs)


def _javac_errors(stderr: str) -> str:
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    return "\n".join(ln.replace(str(Path(tempfile.gettempdir())), "$TMP") for ln in lines[:20])


def _write(out_jar: Path, manifest: str, classes: Path, libs: Sequence[Path]) -> Path:
    out_jar.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_jar.with_suffix(".jar.tmp")
    seen: set[str] = set()
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("AndroidManifest.xml", manifest)
        seen.add("AndroidManifest.xml")
        for p in sorted(classes.rglob("*.class")):
            name = p.relative_to(classes).as_posix()
            out.writestr(name, p.read_bytes())
            seen.add(name)
        for lib in libs:
            with zipfile.ZipFile(io.BytesIO(lib.read_bytes())) as zf:
                for info in zf.infolist():
                    n = info.filename
                    if info.is_dir() or n in seen or n.upper().startswith("META-INF/") or n == "AndroidManifest.xml":
                        continue
                    seen.add(n)
                    data = zf.read(n)
                    if n.endswith(".class"):
                        try:
                            data = inference_verifiable(data)
                        except ClassFormatError:
                            pass  # loaded as shipped: the JVM says what is wrong with it
                    out.writestr(n, data)
    tmp.replace(out_jar)
    return out_jar
