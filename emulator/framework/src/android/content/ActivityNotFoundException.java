package android.content;

/** Thrown when no activity can handle an Intent given to startActivity. */
public class ActivityNotFoundException extends RuntimeException {
    public ActivityNotFoundException() {}

    public ActivityNotFoundException(String name) {
        super(name);
    }
}
