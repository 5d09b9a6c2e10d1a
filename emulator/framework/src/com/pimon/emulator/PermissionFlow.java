package com.pimon.emulator;

import android.app.Activity;
import android.view.View;
import android.widget.Button;
import android.widget.LinearLayout;
import android.widget.TextView;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** Activity.requestPermissions: the system's permission dialog, one per permission group, then the result callback. */
final class PermissionFlow {
    static final String PACKAGE = "com.android.permissioncontroller";
    private static final Map<String, String> GROUP = new HashMap<>();
    private static final Map<String, String> WORDING = new HashMap<>();

    static {
        group("location", "access this device’s location", "ACCESS_FINE_LOCATION", "ACCESS_COARSE_LOCATION", "ACCESS_BACKGROUND_LOCATION");
        group("camera", "take pictures and record video", "CAMERA");
        group("microphone", "record audio", "RECORD_AUDIO");
        group("contacts", "access your contacts", "READ_CONTACTS", "WRITE_CONTACTS", "GET_ACCOUNTS");
        group("calendar", "access your calendar", "READ_CALENDAR", "WRITE_CALENDAR");
        group("phone", "make and manage phone calls", "READ_PHONE_STATE", "READ_PHONE_NUMBERS", "CALL_PHONE",
                "ANSWER_PHONE_CALLS", "ADD_VOICEMAIL", "USE_SIP");
        group("call_log", "access your phone call logs", "READ_CALL_LOG", "WRITE_CALL_LOG", "PROCESS_OUTGOING_CALLS");
        group("sms", "send and view SMS messages", "SEND_SMS", "RECEIVE_SMS", "READ_SMS", "RECEIVE_WAP_PUSH", "RECEIVE_MMS");
        group("storage", "access photos, media, and files on your device", "READ_EXTERNAL_STORAGE", "WRITE_EXTERNAL_STORAGE",
                "READ_MEDIA_IMAGES", "READ_MEDIA_VIDEO", "READ_MEDIA_AUDIO");
        group("sensors", "access sensor data about your vital signs", "BODY_SENSORS");
        group("activity", "access your physical activity", "ACTIVITY_RECOGNITION");
        group("nearby", "find, connect to, and determine the relative position of nearby devices",
                "BLUETOOTH_CONNECT", "BLUETOOTH_SCAN", "BLUETOOTH_ADVERTISE", "NEARBY_WIFI_DEVICES", "UWB_RANGING");
        group("notifications", "send you notifications", "POST_NOTIFICATIONS");
    }

    private static void group(String name, String wording, String... perms) {
        for (String p : perms) {
            GROUP.put("android.permission." + p, name);
            WORDING.put("android.permission." + p, wording);
        }
    }

    private static final class Request {
        final Activity activity;
        final String[] perms;
        final int code;
        final int[] results;
        final boolean[] ask;

        Request(Activity activity, String[] perms, int code) {
            this.activity = activity;
            this.perms = perms;
            this.code = code;
            this.results = new int[perms.length];
            this.ask = new boolean[perms.length];
        }
    }

    private final AppRuntime rt;
    private final Deque<Request> queue = new ArrayDeque<>();
    private Request current;
    private int index = -1;
    private View root;

    PermissionFlow(AppRuntime rt) {
        this.rt = rt;
    }

    boolean showing() {
        return root != null;
    }

    View root() {
        return root;
    }

    String currentPermission() {
        return current == null || index < 0 ? null : current.perms[index];
    }

    void request(Activity a, String[] perms, int code, boolean userAction) {
        String[] ps = perms == null ? new String[0] : perms.clone();
        Request r = new Request(a, ps, code);
        for (int i = 0; i < ps.length; i++) {
            String p = ps[i];
            if (Permissions.isGranted(p)) r.results[i] = 0;
            else if (!Permissions.isDeclared(p) || !Permissions.isDangerous(p)) r.results[i] = -1;
            else r.ask[i] = true;
        }
        Control.event("ui", "what", "permission-request", "permissions", Arrays.asList(ps), "request_code", code,
                "user_action", userAction);
        queue.add(r);
        if (current == null) advance();
    }

    private void advance() {
        while (current == null && !queue.isEmpty()) {
            current = queue.poll();
            index = -1;
            next();
        }
    }

    private void next() {
        Request r = current;
        for (int i = index + 1; i < r.perms.length; i++) {
            if (r.ask[i]) {
                index = i;
                show(r.perms[i]);
                rt.reconcile();
                return;
            }
        }
        current = null;
        index = -1;
        root = null;
        rt.reconcile();
        if (!r.activity.isFinishing()) {
            rt.main.post(() -> r.activity.onRequestPermissionsResult(r.code, r.perms, r.results));
        }
        advance();
    }

    private void show(String perm) {
        android.content.Context ctx = rt.base;
        LinearLayout panel = new LinearLayout(ctx);
        panel.setOrientation(LinearLayout.VERTICAL);
        panel.setId(Ids.systemId(PACKAGE, "grant_dialog"));
        panel.setPadding(48, 48, 48, 24);
        TextView msg = new TextView(ctx);
        msg.setId(Ids.systemId(PACKAGE, "permission_message"));
        String wording = WORDING.getOrDefault(perm, "use " + perm.substring(perm.lastIndexOf('.') + 1));
        msg.setText("Allow " + rt.manifest.label + " to " + wording + "?");
        panel.addView(msg);
        Button allow = new Button(ctx);
        allow.setId(Ids.systemId(PACKAGE, "permission_allow_button"));
        allow.setText("Allow");
        allow.setOnClickListener(v -> answer(true));
        panel.addView(allow);
        Button deny = new Button(ctx);
        deny.setId(Ids.systemId(PACKAGE, "permission_deny_button"));
        deny.setText("Don’t allow");
        deny.setOnClickListener(v -> answer(false));
        panel.addView(deny);
        root = panel;
        Control.event("ui", "what", "dialog-shown", "kind", "permission", "permission", perm,
                "title", msg.getText().toString(), "package", PACKAGE);
    }

    /** The user's answer to the dialog on screen: applies to the permission's whole group in this request. */
    void answer(boolean allow) {
        Request r = current;
        if (r == null || index < 0) return;
        String perm = r.perms[index];
        String group = GROUP.get(perm);
        for (int i = index; i < r.perms.length; i++) {
            if (r.ask[i] && (i == index || group != null && group.equals(GROUP.get(r.perms[i])))) {
                Permissions.record(r.perms[i], allow);
                r.results[i] = allow ? 0 : -1;
                r.ask[i] = false;
                Control.event("ui", "what", "permission-result", "permission", r.perms[i], "granted", allow);
            }
        }
        Control.event("ui", "what", "dialog-dismissed", "kind", "permission", "permission", perm, "package", PACKAGE);
        root = null;
        next();
    }
}
