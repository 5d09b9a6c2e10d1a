package com.pimon.emulator;

import android.app.Activity;
import android.app.Application;
import android.app.Dialog;
import android.app.Service;
import android.content.ActivityNotFoundException;
import android.content.BroadcastReceiver;
import android.content.ComponentName;
import android.content.Context;
import android.content.Intent;
import android.content.IntentFilter;
import android.content.ServiceConnection;
import android.os.IBinder;
import android.os.Handler;
import android.os.Looper;
import android.view.View;
import android.view.Window;
import android.widget.EditText;
import android.widget.FrameLayout;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The app's process: its Application, activity stack, dialogs, services and receivers (Android's ActivityThread). */
public final class AppRuntime {
    private static volatile AppRuntime instance;
    private static volatile ClassLoader loader;

    static final int DESTROYED = -1, INIT = 0, CREATED = 1, STARTED = 2, RESUMED = 3;

    private static final class Rec {
        final Activity a;
        final Activity caller;
        final int requestCode;
        int state = INIT;
        boolean everStopped;
        boolean resultSent;

        Rec(Activity a, Activity caller, int requestCode) {
            this.a = a;
            this.caller = caller;
            this.requestCode = requestCode;
        }
    }

    final Manifest manifest;
    final AppBridge bridge;
    final AppContext base;
    final Handler main;
    final PermissionFlow permissions;
    private Application app;
    private final List<Rec> records = new ArrayList<>();
    private final List<Dialog> dialogs = new ArrayList<>();
    private final Map<String, Service> services = new LinkedHashMap<>();
    private final List<Object[]> receivers = new ArrayList<>();
    private final Map<ServiceConnection, ComponentName> bindings = new java.util.IdentityHashMap<>();
    private int startId;
    private boolean fg;
    private boolean reportedFg;
    /** Activities started but not yet created (launch() is posted to the main thread). As on Android, where
     *  startActivity puts the new record on the task at once, a pending launch keeps the app in front: an activity
     *  that starts the next one and finishes itself is a screen change, never a moment in the background, however
     *  long the new activity's class takes to load. */
    private final java.util.concurrent.atomic.AtomicInteger pendingLaunches = new java.util.concurrent.atomic.AtomicInteger();
    private boolean reconciling;
    private boolean dirty;
    private View launcher;
    private final Map<String, Object> ownServices = new java.util.HashMap<>();

    AppRuntime(Manifest manifest, ClassLoader appLoader, AppBridge bridge) {
        this.manifest = manifest;
        this.bridge = bridge;
        this.base = new AppContext(this);
        this.main = new Handler(Looper.getMainLooper());
        this.permissions = new PermissionFlow(this);
        loader = appLoader;
        instance = this;
    }

    public static AppRuntime get() {
        AppRuntime r = instance;
        if (r == null) throw new IllegalStateException("the emulator runtime has not started");
        return r;
    }

    static AppRuntime peek() {
        return instance;
    }

    /** The class loader of the app's jar (null before release). */
    public static ClassLoader appClassLoader() {
        return loader;
    }

    public Application application() {
        return app;
    }

    private String pkg() {
        return manifest.packageName;
    }

    private Object instantiate(String cls) {
        try {
            Constructor<?> c = Class.forName(cls, true, loader).getDeclaredConstructor();
            c.setAccessible(true);
            return c.newInstance();
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new RuntimeException("Unable to instantiate " + cls + ": " + cause, cause);
        }
    }

    // ---- startup -------------------------------------------------------------------------------

    /** Creates the Application and runs its onCreate (main thread). */
    void bindApplication() {
        app = (Application) instantiate(manifest.applicationClass);
        bridge.attachApplication(app, base);
        app.onCreate();
    }

    /** Starts the launcher activity as the user tapping the app's icon would. */
    void launchMain(boolean userAction) {
        Manifest.Component c = manifest.mainActivity();
        if (c == null) return;
        Intent i = new Intent(Intent.ACTION_MAIN).addCategory(Intent.CATEGORY_LAUNCHER)
                .setClassName(pkg(), c.className).addFlags(Intent.FLAG_ACTIVITY_NEW_TASK);
        Control.componentStart("activity", pkg() + "/" + c.className, "com.android.launcher3", Intent.ACTION_MAIN, userAction);
        ComponentName cn = new ComponentName(pkg(), c.className);
        main.post(() -> launch(cn, i, null, -1));
    }

    /** Delivers BOOT_COMPLETED to the manifest's receivers (after a device reboot). */
    void deliverBoot() {
        for (Manifest.Component c : manifest.receivers) {
            String action = c.actions.contains(Intent.ACTION_BOOT_COMPLETED) ? Intent.ACTION_BOOT_COMPLETED
                    : c.actions.contains(Intent.ACTION_LOCKED_BOOT_COMPLETED) ? Intent.ACTION_LOCKED_BOOT_COMPLETED : null;
            if (action == null) continue;
            Control.componentStart("broadcast", pkg() + "/" + c.className, "android", action, false);
            Intent i = new Intent(action).setClassName(pkg(), c.className);
            main.post(() -> ((BroadcastReceiver) instantiate(c.className)).onReceive(app, i));
        }
    }

    // ---- activities ----------------------------------------------------------------------------

    public Window newActivityWindow(Activity a) {
        return new SimpleWindow(a, true);
    }

    public Window newDialogWindow(Context ctx) {
        return new SimpleWindow(ctx, false);
    }

    private static String targetOf(Intent intent) {
        ComponentName cn = intent.getComponent();
        if (cn != null) return cn.flattenToString();
        return (intent.getPackage() == null ? "" : intent.getPackage()) + "/";
    }

    /** Context.startActivity / Activity.startActivityForResult, from any thread. */
    public void startActivity(Context from, Intent intent, int requestCode) {
        ComponentName cn = intent.getComponent();
        if (cn == null && (intent.getPackage() == null || intent.getPackage().equals(pkg())) && intent.getAction() != null) {
            for (Manifest.Component c : manifest.activities) {
                if (c.actions.contains(intent.getAction())) {
                    cn = new ComponentName(pkg(), c.className);
                    break;
                }
            }
        }
        Control.componentStart("activity", cn != null ? cn.flattenToString() : targetOf(intent), pkg(), intent.getAction(), null);
        if (cn == null || !cn.getPackageName().equals(pkg())) {
            System.out.println("I/ActivityTaskManager: START " + intent + " (another app; not run in this process)");
            return;
        }
        boolean declared = false;
        for (Manifest.Component c : manifest.activities) declared |= c.className.equals(cn.getClassName());
        if (!declared) {
            throw new ActivityNotFoundException("Unable to find explicit activity class {" + cn.flattenToShortString()
                    + "}; have you declared this activity in your AndroidManifest.xml?");
        }
        Activity caller = from instanceof Activity ? (Activity) from : null;
        final ComponentName target = cn;
        final Intent copy = new Intent(intent);
        pendingLaunches.incrementAndGet();
        main.post(() -> {
            try {
                launch(target, copy, caller, requestCode);
            } finally {
                if (pendingLaunches.decrementAndGet() == 0) reconcile();
            }
        });
    }

    private void launch(ComponentName cn, Intent intent, Activity caller, int requestCode) {
        if ((intent.getFlags() & Intent.FLAG_ACTIVITY_CLEAR_TASK) != 0) {
            for (Rec r : new ArrayList<>(records)) r.a.finish();
        }
        Activity a = (Activity) instantiate(cn.getClassName());
        bridge.attachActivity(a, base, app, intent, cn);
        records.add(new Rec(a, caller, requestCode));
        fg = true;
        reconcile();
    }

    public void finishActivity(Activity a) {
        runOnUiThread(this::reconcile);
    }

    public void finishAll() {
        for (Rec r : new ArrayList<>(records)) r.a.finish();
    }

    public boolean isRoot(Activity a) {
        return !records.isEmpty() && records.get(0).a == a;
    }

    public boolean moveToBack() {
        runOnUiThread(() -> {
            fg = false;
            reconcile();
        });
        return true;
    }

    public boolean isForeground() {
        return fg && top() != null;
    }

    public boolean hasWindowAbove(Activity a) {
        return permissions.showing() || !dialogsOf(a).isEmpty();
    }

    public void runOnUiThread(Runnable r) {
        if (Looper.getMainLooper().isCurrentThread()) r.run();
        else main.post(r);
    }

    private Rec top() {
        for (int i = records.size() - 1; i >= 0; i--) {
            Rec r = records.get(i);
            if (!r.a.isFinishing() && r.state != DESTROYED) return r;
        }
        return null;
    }

    /** Brings every activity to the state it should be in: top resumed when in the foreground, others stopped. */
    void reconcile() {
        if (reconciling) {
            dirty = true;
            return;
        }
        reconciling = true;
        try {
            int guard = 0;
            do {
                dirty = false;
                Rec top = top();
                boolean resume = fg && top != null && !permissions.showing();
                for (Rec r : new ArrayList<>(records)) {
                    if (r.state == RESUMED && (r != top || !resume)) moveTo(r, STARTED);
                }
                for (Rec r : new ArrayList<>(records)) {
                    if (r.a.isFinishing() && !r.resultSent) {
                        r.resultSent = true;
                        if (r.caller != null && r.requestCode >= 0 && !r.caller.isFinishing()) {
                            bridge.performActivityResult(r.caller, r.requestCode, bridge.resultCode(r.a), bridge.resultData(r.a));
                        }
                    }
                }
                if (top != null && top == top()) moveTo(top, resume ? RESUMED : fg ? STARTED : CREATED);
                for (Rec r : new ArrayList<>(records)) {
                    if (r == top) continue;
                    if (r.a.isFinishing()) {
                        moveTo(r, DESTROYED);
                        records.remove(r);
                        for (Dialog d : dialogsOf(r.a)) dialogDismissed(d);
                    } else if (r.state > CREATED) {
                        moveTo(r, CREATED);
                    }
                }
                if (top() == null && pendingLaunches.get() == 0) fg = false;
            } while (dirty && ++guard < 100);
        } finally {
            reconciling = false;
        }
        reportLifecycle();
    }

    private void moveTo(Rec r, int target) {
        Application a = app;
        while (r.state != target) {
            int s = r.state;
            if (target == DESTROYED || target < s) {
                if (s == RESUMED) {
                    r.state = STARTED;
                    bridge.performPause(r.a);
                    bridge.dispatchActivityCallback(a, "paused", r.a);
                } else if (s == STARTED) {
                    r.state = CREATED;
                    r.everStopped = true;
                    bridge.performStop(r.a);
                    bridge.dispatchActivityCallback(a, "stopped", r.a);
                } else if (s == CREATED || s == INIT) {
                    r.state = DESTROYED;
                    if (s == CREATED) {
                        bridge.performDestroy(r.a);
                        bridge.dispatchActivityCallback(a, "destroyed", r.a);
                    }
                } else {
                    return;
                }
            } else {
                if (r.a.isFinishing() && s != INIT) return;
                if (s == INIT) {
                    r.state = CREATED;
                    bridge.dispatchActivityCallback(a, "created", r.a);
                    bridge.performCreate(r.a, null);
                } else if (s == CREATED) {
                    r.state = STARTED;
                    if (r.everStopped) bridge.performRestart(r.a);
                    bridge.performStart(r.a);
                    bridge.dispatchActivityCallback(a, "started", r.a);
                } else if (s == STARTED) {
                    r.state = RESUMED;
                    bridge.performResume(r.a);
                    bridge.dispatchActivityCallback(a, "resumed", r.a);
                } else {
                    return;
                }
            }
        }
    }

    private void reportLifecycle() {
        Rec top = top();
        boolean now = fg && (top != null || pendingLaunches.get() > 0);
        if (now != reportedFg) {
            reportedFg = now;
            String act = top != null ? top.a.getComponentName().getClassName() : null;
            String key = Control.currentKey();
            Control.event("lifecycle", "state", now ? "foreground" : "background", "activity", act,
                    "user_action", Control.inUserAction() && !"cover".equals(key), "key", key);
        }
    }

    // ---- user input (main thread) ----------------------------------------------------------------

    void home() {
        fg = false;
        reconcile();
    }

    void foreground() {
        if (top() == null) {
            launchMain(true);
        } else {
            fg = true;
            reconcile();
        }
    }

    void back() {
        if (permissions.showing()) {
            permissions.answer(false);
            return;
        }
        Rec top = top();
        if (top == null || !fg) return;
        List<Dialog> ds = dialogsOf(top.a);
        if (!ds.isEmpty()) {
            ds.get(ds.size() - 1).onBackPressed();
            return;
        }
        top.a.onBackPressed();
        reconcile();
    }

    Map<String, Object> state() {
        Map<String, Object> m = new LinkedHashMap<>();
        Rec top = top();
        m.put("foreground", fg && (top != null || pendingLaunches.get() > 0));
        m.put("activity", top == null ? null : top.a.getComponentName().getClassName());
        List<Object> ds = new ArrayList<>();
        for (Dialog d : dialogs) {
            Map<String, Object> dm = new LinkedHashMap<>();
            dm.put("kind", d instanceof android.app.AlertDialog ? "alert" : "dialog");
            CharSequence t = bridge.dialogTitle(d);
            dm.put("title", t == null ? null : t.toString());
            ds.add(dm);
        }
        if (permissions.showing()) {
            Map<String, Object> dm = new LinkedHashMap<>();
            dm.put("kind", "permission");
            dm.put("permission", permissions.currentPermission());
            ds.add(dm);
        }
        m.put("dialogs", ds);
        List<Object> acts = new ArrayList<>();
        for (Rec r : records) acts.add(r.a.getComponentName().getClassName());
        m.put("activities", acts);
        m.put("services", new ArrayList<>(services.keySet()));
        return m;
    }

    private List<Dialog> dialogsOf(Activity a) {
        List<Dialog> out = new ArrayList<>();
        for (Dialog d : dialogs) {
            if (d.getOwnerActivity() == a || !(d.getContext() instanceof Activity) && d.getOwnerActivity() == null) out.add(d);
        }
        return out;
    }

    /** The windows on screen, bottom to top. */
    UiTree screen() {
        List<UiTree.Win> wins = new ArrayList<>();
        Rec top = top();
        if (!fg || top == null) {
            if (launcher == null) {
                FrameLayout home = new FrameLayout(base);
                home.setId(Ids.systemId("com.android.launcher3", "launcher"));
                home.setLayoutParams(new android.view.ViewGroup.LayoutParams(-1, -1));
                launcher = home;
            }
            wins.add(new UiTree.Win(launcher, "com.android.launcher3", null, false, 0, 0, UiTree.WIDTH, UiTree.HEIGHT));
            return new UiTree(wins);
        }
        wins.add(new UiTree.Win(top.a.getWindow().getDecorView(), pkg(), top.a, false, 0, 0, UiTree.WIDTH, UiTree.HEIGHT));
        for (Dialog d : dialogsOf(top.a)) wins.add(dialogWin(d.getWindow().getDecorView(), pkg(), d));
        if (permissions.showing()) wins.add(dialogWin(permissions.root(), PermissionFlow.PACKAGE, permissions));
        return new UiTree(wins);
    }

    private static UiTree.Win dialogWin(View root, String pkg, Object owner) {
        int w = UiTree.WIDTH - 120;
        int h = Math.min(UiTree.measure(root, w), UiTree.HEIGHT - 200);
        int t = Math.max(100, (UiTree.HEIGHT - h) / 2);
        return new UiTree.Win(root, pkg, owner, true, 60, t, 60 + w, t + h);
    }

    /** Taps (x,y); returns what was hit ("" if nothing). */
    String tap(int x, int y) {
        UiTree tree = screen();
        UiTree.Win w = tree.windowAt(x, y);
        if (w == null) return "";
        if (w.owner instanceof Activity) ((Activity) w.owner).onUserInteraction();
        if (w.modal && !tree.inside(w, x, y)) {
            if (w.owner instanceof Dialog && bridge.isCanceledOnTouchOutside((Dialog) w.owner)) {
                ((Dialog) w.owner).cancel();
                return "outside: dialog cancelled";
            }
            return "outside";
        }
        View v = tree.clickableAt(w, x, y);
        if (v == null) return "";
        v.performClick();
        return UiTree.describe(v);
    }

    /** A swipe from (x1,y1) to (x2,y2): scrolls the scroll view under its start; whether one moved. */
    boolean swipe(int x1, int y1, int x2, int y2) {
        UiTree tree = screen();
        return tree.scrollAt(x1, y1, y1 - y2);
    }

    /** Types text into the focused editable view of the topmost window. */
    void text(String s) {
        UiTree tree = screen();
        List<View> roots = new ArrayList<>();
        Rec top = top();
        if (permissions.showing()) roots.add(permissions.root());
        if (top != null && fg) {
            List<Dialog> ds = dialogsOf(top.a);
            for (int i = ds.size() - 1; i >= 0; i--) roots.add(ds.get(i).getWindow().getDecorView());
            roots.add(top.a.getWindow().getDecorView());
        }
        for (View r : roots) {
            View f = r.findFocus();
            if (f instanceof EditText) {
                ((EditText) f).setText(s);
                return;
            }
            if (f != null) break;
        }
        throw new Control.CommandError("no focused editable view");
    }

    // ---- dialogs ---------------------------------------------------------------------------------

    public void dialogShown(Dialog d) {
        dialogs.remove(d);
        dialogs.add(d);
        CharSequence t = bridge.dialogTitle(d);
        Control.event("ui", "what", "dialog-shown", "kind", d instanceof android.app.AlertDialog ? "alert" : "dialog",
                "title", t == null ? null : t.toString(), "package", pkg());
    }

    public void dialogDismissed(Dialog d) {
        if (!dialogs.remove(d)) return;
        CharSequence t = bridge.dialogTitle(d);
        Control.event("ui", "what", "dialog-dismissed", "kind", d instanceof android.app.AlertDialog ? "alert" : "dialog",
                "title", t == null ? null : t.toString(), "package", pkg());
    }

    public void requestPermissions(Activity a, String[] perms, int requestCode) {
        boolean userAction = Control.inUserAction();
        main.post(() -> permissions.request(a, perms, requestCode, userAction));
    }

    // ---- services and broadcasts -----------------------------------------------------------------

    private ComponentName resolveService(Intent intent) {
        ComponentName cn = intent.getComponent();
        if (cn == null && intent.getAction() != null && (intent.getPackage() == null || intent.getPackage().equals(pkg()))) {
            for (Manifest.Component c : manifest.services) {
                if (c.actions.contains(intent.getAction())) cn = new ComponentName(pkg(), c.className);
            }
        }
        Control.componentStart("service", cn != null ? cn.flattenToString() : targetOf(intent), pkg(), intent.getAction(), null);
        return cn;
    }

    private Service service(String cls) {
        Service s = services.get(cls);
        if (s == null) {
            s = (Service) instantiate(cls);
            bridge.attachService(s, base, app);
            services.put(cls, s);
            s.onCreate();
        }
        return s;
    }

    public ComponentName startService(Context from, Intent intent) {
        ComponentName cn = resolveService(intent);
        if (cn == null || !cn.getPackageName().equals(pkg())) return cn;
        final String cls = cn.getClassName();
        final Intent copy = new Intent(intent);
        main.post(() -> service(cls).onStartCommand(copy, 0, ++startId));
        return cn;
    }

    public boolean bindService(Intent intent, ServiceConnection conn) {
        ComponentName cn = resolveService(intent);
        if (cn == null || !cn.getPackageName().equals(pkg())) return false;
        final Intent copy = new Intent(intent);
        main.post(() -> {
            IBinder binder = service(cn.getClassName()).onBind(copy);
            synchronized (bindings) {
                bindings.put(conn, cn);
            }
            if (binder != null) conn.onServiceConnected(cn, binder);
        });
        return true;
    }

    public void unbindService(ServiceConnection conn) {
        synchronized (bindings) {
            if (bindings.remove(conn) == null) throw new IllegalArgumentException("Service not registered: " + conn);
        }
    }

    public boolean stopService(ComponentName cn) {
        if (!cn.getPackageName().equals(pkg())) return false;
        main.post(() -> {
            Service s = services.remove(cn.getClassName());
            if (s != null) s.onDestroy();
        });
        return true;
    }

    public void sendBroadcast(Context from, Intent intent) {
        ComponentName cn = intent.getComponent();
        String target = cn != null ? cn.getPackageName() : intent.getPackage();
        if (target != null && !target.equals(pkg())) {
            Control.componentStart("broadcast", targetOf(intent), pkg(), intent.getAction(), null);
            return;
        }
        final Intent copy = new Intent(intent);
        for (Manifest.Component c : manifest.receivers) {
            boolean match = cn != null ? c.className.equals(cn.getClassName()) : intent.getAction() != null && c.actions.contains(intent.getAction());
            if (!match) continue;
            Control.componentStart("broadcast", pkg() + "/" + c.className, pkg(), intent.getAction(), null);
            main.post(() -> ((BroadcastReceiver) instantiate(c.className)).onReceive(app, copy));
        }
        if (cn != null || intent.getAction() == null) return;
        List<Object[]> rs;
        synchronized (receivers) {
            rs = new ArrayList<>(receivers);
        }
        dispatch(copy, false);
    }

    /** Posts ``intent`` to every dynamically registered receiver whose filter has its action. */
    private void dispatch(Intent intent, boolean sticky) {
        List<Object[]> rs;
        synchronized (receivers) {
            rs = new ArrayList<>(receivers);
        }
        for (Object[] r : rs) {
            if (((IntentFilter) r[1]).hasAction(intent.getAction())) {
                android.app.LoadedApk.ReceiverDispatcher d = (android.app.LoadedApk.ReceiverDispatcher) r[2];
                main.post(() -> d.performReceive(new Intent(intent), 0, null, null, false, sticky, 0));
            }
        }
    }

    /** The SIM's state, a sticky broadcast: a receiver registered for it gets it at once. */
    static Intent simState() {
        return new Intent("android.intent.action.SIM_STATE_CHANGED").putExtra("ss", "LOADED")
                .putExtra("slot", 0).putExtra("subscription", 1);
    }

    /** How often the system scans for Wi-Fi networks (time compressed) while a receiver of
     * {@code SCAN_RESULTS} is registered: scan results keep arriving with no further API call. */
    static final long WIFI_SCAN_MS = 2000L;
    private boolean scanning;

    /** A broadcast the system sends (to dynamically registered receivers only, as for Android 8+'s implicit
     * broadcasts): Wi-Fi scan results ({@code WifiManager.startScan}, the periodic system scan), SIM state. */
    public void systemBroadcast(Intent intent) {
        dispatch(intent, false);
    }

    private void scanTick() {
        synchronized (receivers) {
            scanning = receivers.stream().anyMatch(r -> ((IntentFilter) r[1]).hasAction(SCAN_RESULTS));
            if (!scanning) return;
        }
        systemBroadcast(new Intent(SCAN_RESULTS).putExtra("resultsUpdated", true));
        main.postDelayed(this::scanTick, WIFI_SCAN_MS);
    }

    private static final String SCAN_RESULTS = "android.net.wifi.SCAN_RESULTS";

    public Intent registerReceiver(BroadcastReceiver receiver, IntentFilter filter) {
        Intent sticky = filter != null && filter.hasAction("android.intent.action.SIM_STATE_CHANGED") ? simState() : null;
        if (receiver == null) return sticky;
        android.app.LoadedApk.ReceiverDispatcher d = new android.app.LoadedApk.ReceiverDispatcher(receiver, app);
        boolean startScan;
        synchronized (receivers) {
            receivers.add(new Object[] {receiver, filter, d});
            startScan = !scanning && filter != null && filter.hasAction(SCAN_RESULTS);
            if (startScan) scanning = true;
        }
        if (sticky != null) main.post(() -> d.performReceive(new Intent(sticky), 0, null, null, false, true, 0));
        if (startScan) main.postDelayed(this::scanTick, WIFI_SCAN_MS);
        return sticky;
    }

    public void unregisterReceiver(BroadcastReceiver receiver) {
        synchronized (receivers) {
            if (!receivers.removeIf(r -> r[0] == receiver)) throw new IllegalArgumentException("Receiver not registered: " + receiver);
        }
    }

    // ---- system services ---------------------------------------------------------------------------

    public Object systemService(Context ctx, String name) {
        if (Context.ALARM_SERVICE.equals(name) || Context.NOTIFICATION_SERVICE.equals(name)) {
            synchronized (this) {
                return ownServices.computeIfAbsent(name, n -> instantiate(
                        n.equals(Context.ALARM_SERVICE) ? "android.app.AlarmManager" : "android.app.NotificationManager"));
            }
        }
        return SystemServices.get(ctx, name);
    }

    /** Orderly end: pause, stop and destroy everything (main thread). */
    void shutdown() {
        fg = false;
        for (Rec r : new ArrayList<>(records)) r.a.finish();
        reconcile();
        for (Service s : new ArrayList<>(services.values())) s.onDestroy();
        services.clear();
    }
}
