package android.webkit;

/** The few settings apps set on a web view; kept, not acted on. */
public class WebSettings {
    private boolean javaScript;

    public void setJavaScriptEnabled(boolean flag) {
        javaScript = flag;
    }

    public boolean getJavaScriptEnabled() {
        return javaScript;
    }

    public void setDomStorageEnabled(boolean flag) {
    }
}
