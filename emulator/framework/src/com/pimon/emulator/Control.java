package com.pimon.emulator;

import android.os.Handler;
import android.os.Looper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * The control channel: a loopback TCP server speaking JSON lines (docs/architecture.md §1).
 * Requests {"id", "cmd", ...} get {"id", "ok": true, ...} or {"id", "ok": false, "error"}; events
 * {"event": kind, ..., "ts"} go to every connected client (buffered until the first one connects).
 */
public final class Control {
    /** A bad request: answered with ok=false instead of crashing the app. */
    public static final class CommandError extends RuntimeException {
        public CommandError(String message) {
            super(message);
        }
    }

    private static final class Conn {
        final Socket sock;
        final OutputStream out;

        Conn(Socket sock) throws IOException {
            this.sock = sock;
            this.out = sock.getOutputStream();
        }

        synchronized void send(String line) {
            try {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                CLIENTS.remove(this);
            }
        }
    }

    private static final List<Conn> CLIENTS = new CopyOnWriteArrayList<>();
    private static final List<String> BACKLOG = new ArrayList<>();
    private static final CountDownLatch RELEASED = new CountDownLatch(1);
    private static volatile boolean gated;
    private static volatile Thread userActionThread;
    private static volatile boolean anyClient;
    private static volatile ServerSocket server;

    private Control() {}

    /** The per-device secret a client must present first ({"auth": secret}); null: no authentication. */
    private static volatile byte[] secret;

    /** Reads DIR/control.secret (written 0600 by pimon) when it exists: every client must then authenticate. */
    static void loadSecret(java.io.File deviceDir) throws IOException {
        java.io.File f = new java.io.File(deviceDir, "control.secret");
        if (f.isFile()) secret = java.nio.file.Files.readString(f.toPath(), StandardCharsets.UTF_8).trim()
                .getBytes(StandardCharsets.UTF_8);
    }

    /** True when the first line is {"auth": secret} (compared in constant time), or no secret is set. */
    private static boolean authenticated(BufferedReader in) throws IOException {
        byte[] want = secret;
        if (want == null) return true;
        String line = in.readLine();
        if (line == null) return false;
        Object auth;
        try {
            Object o = Json.parse(line);
            auth = o instanceof Map ? ((Map<?, ?>) o).get("auth") : null;
        } catch (IllegalArgumentException e) {
            return false;
        }
        return auth instanceof String
                && java.security.MessageDigest.isEqual(want, ((String) auth).getBytes(StandardCharsets.UTF_8));
    }

    /** Opens the server on 127.0.0.1 (ephemeral port) and returns the port. */
    static int start(boolean gate) throws IOException {
        gated = gate;
        if (!gate) RELEASED.countDown();
        ServerSocket server = new ServerSocket(0, 16, InetAddress.getByName("127.0.0.1"));
        Control.server = server;
        Thread t = new Thread(() -> {
            while (true) {
                try {
                    Socket s = server.accept();
                    Thread c = new Thread(() -> serve(s), "pimon-control-client");
                    c.setDaemon(true);
                    c.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "pimon-control");
        t.setDaemon(true);
        t.start();
        return server.getLocalPort();
    }

    /** Called right before the process halts, after its last event: the control threads, blocked in native
     * accept/read, are woken (the server closed, the clients' input shut; what was written still reaches the
     * driver). HotSpot's exit waits up to 300 ms for threads that are in native code; a process ends at once. */
    static void release() {
        ServerSocket s = server;
        try {
            if (s != null) s.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Conn c : CLIENTS) {
            try {
                c.sock.shutdownInput();
            } catch (IOException e) {
                // already gone
            }
        }
    }

    static void awaitRelease() throws InterruptedException {
        RELEASED.await();
    }

    private static volatile String currentKey;

    /** The key ("back", "home") the main thread is dispatching now; null otherwise. */
    public static String currentKey() {
        return inUserAction() ? currentKey : null;
    }

    /** True on the main thread while it dispatches a user input (tap, text, key, foreground). */
    public static boolean inUserAction() {
        return Thread.currentThread() == userActionThread;
    }

    /** Sends an event: {"event": kind, k1: v1, ..., "ts": epoch ms}. */
    public static void event(String kind, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", kind);
        for (int i = 0; i + 1 < kv.length; i += 2) m.put(String.valueOf(kv[i]), kv[i + 1]);
        m.put("ts", System.currentTimeMillis());
        String line = Json.write(m);
        synchronized (BACKLOG) {
            if (!anyClient) {
                if (BACKLOG.size() < 10000) BACKLOG.add(line);
                return;
            }
        }
        for (Conn c : CLIENTS) c.send(line);
    }

    /** A component-start event; userAction null means "whether the main thread is dispatching user input now". */
    public static void componentStart(String kind, String target, String from, String action, Boolean userAction) {
        if (Thread.currentThread() == systemSenderThread) {
            from = "android";
            userAction = false;
        }
        event("component-start", "kind", kind, "target", target, "from", from, "action", action,
                "user_action", userAction != null ? userAction : inUserAction());
    }

    private static volatile Thread systemSenderThread;

    /** Runs r with component starts attributed to the system ("android", no user action): alarms. */
    public static void asSystem(Runnable r) {
        Thread previous = systemSenderThread;
        systemSenderThread = Thread.currentThread();
        try {
            r.run();
        } finally {
            systemSenderThread = previous;
        }
    }

    private static void serve(Socket s) {
        try (Socket sock = s;
                BufferedReader in = new BufferedReader(new InputStreamReader(sock.getInputStream(), StandardCharsets.UTF_8))) {
            sock.setSoTimeout(10000);  // the secret comes at once, or never
            if (!authenticated(in)) return;  // not told the secret: closed before anything is said or done
            sock.setSoTimeout(0);
            Conn c = new Conn(sock);
            synchronized (BACKLOG) {
                for (String line : BACKLOG) c.send(line);
                BACKLOG.clear();
                CLIENTS.add(c);
                anyClient = true;
            }
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) handle(c, line);
            }
            CLIENTS.remove(c);
        } catch (IOException e) {
            // client went away
        }
    }

    private static void reply(Conn c, Object id, Map<String, Object> body) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("ok", true);
        if (body != null) m.putAll(body);
        c.send(Json.write(m));
    }

    private static void fail(Conn c, Object id, String error) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("ok", false);
        m.put("error", error);
        c.send(Json.write(m));
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    private static int intArg(Map<?, ?> req, String key) {
        Object v = req.get(key);
        if (!(v instanceof Number)) throw new CommandError("'" + key + "' must be a number");
        return ((Number) v).intValue();
    }

    private static void handle(Conn c, String line) {
        Map<?, ?> req;
        try {
            Object o = Json.parse(line);
            if (!(o instanceof Map)) throw new IllegalArgumentException("a request must be a JSON object");
            req = (Map<?, ?>) o;
        } catch (IllegalArgumentException e) {
            fail(c, null, e.getMessage());
            return;
        }
        Object id = req.get("id");
        String cmd = String.valueOf(req.get("cmd"));
        switch (cmd) {
            case "hello":
                reply(c, id, map("package", DeviceState.packageName(), "pid", ProcessHandle.current().pid(),
                        "gated", gated && RELEASED.getCount() > 0));
                return;
            case "release":
                RELEASED.countDown();
                reply(c, id, null);
                return;
            case "ping":
                reply(c, id, null);
                return;
            case "dump": case "tap": case "swipe": case "text": case "key": case "foreground": case "stop": case "state":
            case "cover": case "screenshot": case "render":
                break;
            default:
                fail(c, id, "unknown command: " + cmd);
                return;
        }
        if (RELEASED.getCount() > 0) {
            fail(c, id, "the app is gated: send release first");
            return;
        }
        new Handler(Looper.getMainLooper()).post(() -> onMain(c, id, cmd, req));
    }

    private static void onMain(Conn c, Object id, String cmd, Map<?, ?> req) {
        AppRuntime rt = AppRuntime.peek();
        if (rt == null) {
            fail(c, id, "the app has not started");
            return;
        }
        try {
            switch (cmd) {
                case "dump":
                    reply(c, id, map("xml", rt.screen().dumpXml()));
                    return;
                case "state":
                    reply(c, id, rt.state());
                    return;
                case "screenshot": {
                    // the hierarchy drawn with Java2D (ScreenRenderer): real texts at their real bounds
                    Object sc = req.get("scale");
                    double scale = sc instanceof Number ? ((Number) sc).doubleValue() : 0.5;
                    String xml = rt.screen().dumpXml();
                    try {
                        reply(c, id, map("png", ScreenRenderer.renderBase64(xml, scale), "xml", xml));
                    } catch (java.io.IOException e) {
                        fail(c, id, "screenshot failed: " + e.getMessage());
                    }
                    return;
                }
                case "render": {
                    // a hierarchy dumped earlier drawn now (ScreenRenderer draws the XML and nothing else): pimon
                    // asks for the picture while a scenario waits, not while it drives the screen
                    Object sc = req.get("scale");
                    double scale = sc instanceof Number ? ((Number) sc).doubleValue() : 0.5;
                    Object xml = req.get("xml");
                    if (!(xml instanceof String)) {
                        fail(c, id, "'xml' must be a string");
                        return;
                    }
                    try {
                        reply(c, id, map("png", ScreenRenderer.renderBase64((String) xml, scale)));
                    } catch (java.io.IOException e) {
                        fail(c, id, "render failed: " + e.getMessage());
                    }
                    return;
                }
                case "cover":
                    // another app came to the front: this one goes to the background as with home
                    currentKey = "cover";
                    userActionThread = Thread.currentThread();
                    try {
                        rt.home();
                    } finally {
                        userActionThread = null;
                        currentKey = null;
                    }
                    reply(c, id, null);
                    return;
                case "stop":
                    rt.shutdown();
                    reply(c, id, null);
                    System.out.flush();
                    System.err.flush();
                    DeviceState.exit(0);
                    return;
                default:
                    break;
            }
            int x = 0, y = 0, x2 = 0, y2 = 0;
            String text = null, key = null;
            if (cmd.equals("tap")) {
                x = intArg(req, "x");
                y = intArg(req, "y");
            } else if (cmd.equals("swipe")) {
                x = intArg(req, "x1");
                y = intArg(req, "y1");
                x2 = intArg(req, "x2");
                y2 = intArg(req, "y2");
            } else if (cmd.equals("text")) {
                Object t = req.get("text");
                if (!(t instanceof String)) throw new CommandError("'text' must be a string");
                text = (String) t;
            } else if (cmd.equals("key")) {
                key = String.valueOf(req.get("key"));
                if (!key.equals("back") && !key.equals("home")) throw new CommandError("unknown key: " + key + " (back, home)");
            }
            userActionThread = Thread.currentThread();
            currentKey = key;
            Map<String, Object> out = null;
            try {
                switch (cmd) {
                    case "tap": out = map("hit", rt.tap(x, y)); break;
                    case "swipe": out = map("scrolled", rt.swipe(x, y, x2, y2)); break;
                    case "text": rt.text(text); break;
                    case "key":
                        if (key.equals("back")) rt.back();
                        else rt.home();
                        break;
                    case "foreground": rt.foreground(); break;
                    default: break;
                }
            } finally {
                userActionThread = null;
                currentKey = null;
            }
            reply(c, id, out);
        } catch (CommandError e) {
            fail(c, id, e.getMessage());
        }
    }
}
