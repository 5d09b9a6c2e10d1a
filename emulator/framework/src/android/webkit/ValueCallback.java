package android.webkit;

/** A value delivered asynchronously (evaluateJavascript's result). */
public interface ValueCallback<T> {
    void onReceiveValue(T value);
}
