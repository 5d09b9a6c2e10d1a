package android.app;

/** A framework class that inherits a hooked method without declaring it. */
public class Inherit extends Activity {
}
