package android.webkit;

import android.content.Context;
import android.view.View;
import java.util.Map;

/**
 * A web view that records what it was asked to load (pimon hooks {@code loadUrl} to find the page an
 * app shows, e.g. its privacy policy); it renders nothing. {@code file:///android_asset/…} URLs name
 * files under {@code assets/} in the app's package, as on Android.
 */
public class WebView extends View {
    private String url;
    private final WebSettings settings = new WebSettings();

    public WebView(Context context) {
        super(context);
    }

    public void loadUrl(String url) {
        this.url = url;
    }

    public void loadUrl(String url, Map<String, String> additionalHttpHeaders) {
        loadUrl(url);
    }

    public void loadData(String data, String mimeType, String encoding) {
        this.url = "data:" + mimeType;
    }

    public void loadDataWithBaseURL(String baseUrl, String data, String mimeType, String encoding, String historyUrl) {
        this.url = baseUrl;
    }

    public String getUrl() {
        return url;
    }

    public WebSettings getSettings() {
        return settings;
    }

    public boolean canGoBack() {
        return false;
    }

    private final java.util.Map<String, Object> bridges = new java.util.LinkedHashMap<>();

    /** Remembered, never called: no page runs script here. */
    public void addJavascriptInterface(Object object, String name) {
        bridges.put(name, object);
    }

    public void removeJavascriptInterface(String name) {
        bridges.remove(name);
    }

    /** No script engine: the callback gets JavaScript's "null" on the main looper, as for a page without a result. */
    public void evaluateJavascript(String script, ValueCallback<String> resultCallback) {
        if (resultCallback != null) {
            new android.os.Handler(android.os.Looper.getMainLooper()).post(() -> resultCallback.onReceiveValue("null"));
        }
    }

    public static void setWebContentsDebuggingEnabled(boolean enabled) {}
}
