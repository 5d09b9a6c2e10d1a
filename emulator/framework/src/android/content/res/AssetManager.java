package android.content.res;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** The app's raw asset files: the {@code assets/} folder of the installed app jar (the APK's on Android). */
public final class AssetManager implements AutoCloseable {
    public static final int ACCESS_UNKNOWN = 0;
    public static final int ACCESS_RANDOM = 1;
    public static final int ACCESS_STREAMING = 2;
    public static final int ACCESS_BUFFER = 3;

    private final ClassLoader loader;
    private final java.io.File apk;

    /** The emulator's: an app's assets (made by its context, as Android's ResourcesManager does). */
    private AssetManager(ClassLoader loader, java.io.File apk) {
        this.loader = loader;
        this.apk = apk;
    }

    public InputStream open(String fileName) throws IOException {
        return open(fileName, ACCESS_STREAMING);
    }

    public InputStream open(String fileName, int accessMode) throws IOException {
        String name = fileName.startsWith("/") ? fileName.substring(1) : fileName;
        URL url = loader == null ? null : loader.getResource("assets/" + name);
        if (url == null || name.isEmpty() || name.contains("..")) throw new FileNotFoundException(fileName);
        return url.openStream();
    }

    public String[] list(String path) throws IOException {
        String prefix = "assets/" + (path.isEmpty() || path.endsWith("/") ? path : path + "/");
        TreeSet<String> names = new TreeSet<>();
        if (apk != null && apk.isFile()) {
            try (ZipFile zf = new ZipFile(apk)) {
                Enumeration<? extends ZipEntry> entries = zf.entries();
                while (entries.hasMoreElements()) {
                    String n = entries.nextElement().getName();
                    if (!n.startsWith(prefix) || n.length() == prefix.length()) continue;
                    String rest = n.substring(prefix.length());
                    int slash = rest.indexOf('/');
                    names.add(slash < 0 ? rest : rest.substring(0, slash));
                }
            }
        }
        return names.toArray(new String[0]);
    }

    public String[] getLocales() {
        return new String[0];
    }

    @Override
    public void close() {}
}
