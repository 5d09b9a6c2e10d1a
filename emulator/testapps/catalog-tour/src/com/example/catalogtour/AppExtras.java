package com.example.catalogtour;

import android.app.Activity;
import android.app.AlertDialog;
import android.app.Dialog;
import android.content.ContentValues;
import android.net.Uri;
import android.os.Debug;
import android.os.Environment;
import android.webkit.WebView;
import android.widget.Button;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * The app's own calls of the later catalog categories: its dialog's texts and showing it, a click, a write to
 * the user's contacts, shared storage (the directories, and a file under /sdcard written through open(2) and read
 * through openat(2)), a minimal WebView, and the detection probes (debugger, su/Magisk/Frida files).
 */
final class AppExtras {
    static final String FRIDA_FILE = "/data/local/tmp/frida-server";
    static final String SU_FILE = "/system/xbin/su";

    private AppExtras() {}

    static void collect(Activity a) {
        Safe.call("ui-text+ui", () -> {
            Dialog d = new AlertDialog.Builder(a).setTitle("目录巡览").setMessage("巡览对话框").create();
            d.show();
            d.dismiss();
            return null;
        });
        Safe.call("click", () -> {
            Button b = new Button(a);
            b.setText("巡览按钮");
            b.setOnClickListener(v -> { });
            return b.performClick();
        });
        Safe.call("user-data-write", () -> {
            ContentValues v = new ContentValues();
            v.put("account_name", "tour");
            return a.getContentResolver().insert(Uri.parse("content://com.android.contacts/raw_contacts"), v);
        });
        Safe.call("shared-storage", () -> {
            File root = Environment.getExternalStorageDirectory();
            Environment.getExternalStoragePublicDirectory(Environment.DIRECTORY_PICTURES);
            File f = new File(root, "tour.txt");
            f.getParentFile().mkdirs();
            try (FileOutputStream out = new FileOutputStream(f)) {  // open(2)
                out.write("tour".getBytes(StandardCharsets.UTF_8));
            }
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(root.toPath())) {  // openat(2)
                if (!(dir instanceof SecureDirectoryStream)) return "no SecureDirectoryStream";
                @SuppressWarnings("unchecked")
                SecureDirectoryStream<Path> sds = (SecureDirectoryStream<Path>) dir;
                try (SeekableByteChannel ch = sds.newByteChannel(f.toPath().toAbsolutePath(), Set.of(StandardOpenOption.READ))) {
                    return ch.read(ByteBuffer.allocate(16));
                }
            }
        });
        Safe.call("webview", () -> {
            WebView w = new WebView(a);
            w.addJavascriptInterface(new Object(), "tour");
            w.loadUrl("https://example.com/privacy");
            w.evaluateJavascript("1+1", v -> { });
            WebView.setWebContentsDebuggingEnabled(false);
            return w.getUrl();
        });
        Safe.call("detection", () -> {
            boolean probes = Debug.isDebuggerConnected();
            for (String path : new String[] {FRIDA_FILE, SU_FILE}) {
                probes |= new File(path).exists();  // stat(2)
                probes |= new File(path).canExecute();  // access(2)
            }
            return probes;
        });
        for (String path : new String[] {FRIDA_FILE, SU_FILE, "/proc/self/status"}) {
            Safe.call("open " + path, () -> {
                try (FileInputStream in = new FileInputStream(path)) {  // open(2)
                    return in.read();
                }
            });
            Safe.call("openat " + path, () -> {
                try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("/"))) {
                    @SuppressWarnings("unchecked")
                    SecureDirectoryStream<Path> sds = (SecureDirectoryStream<Path>) dir;
                    try (SeekableByteChannel ch = sds.newByteChannel(Path.of(path), Set.of(StandardOpenOption.READ))) {
                        return ch.read(ByteBuffer.allocate(16));  // openat(2)
                    }
                }
            });
        }
    }
}
