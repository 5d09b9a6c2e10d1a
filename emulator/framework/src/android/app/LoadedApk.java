package android.app;

import android.content.BroadcastReceiver;
import android.content.Context;
import android.content.Intent;
import android.os.Bundle;

/** The app's loaded package ({@code @hide} on Android); here only its receiver dispatch. */
public final class LoadedApk {
    private LoadedApk() {}

    /** As on Android: a dynamically registered receiver gets each broadcast through its dispatcher's
     * {@code performReceive} (the delivery pimon hooks, with the Intent's action; toString names the receiver,
     * so a delivery joins its registration). Public here only because the emulator's runtime lives in
     * another package. */
    public static final class ReceiverDispatcher {
        private final BroadcastReceiver receiver;
        private final Context context;

        public ReceiverDispatcher(BroadcastReceiver receiver, Context context) {
            this.receiver = receiver;
            this.context = context;
        }

        public void performReceive(Intent intent, int resultCode, String data, Bundle extras, boolean ordered,
                boolean sticky, int sendingUser) {
            receiver.onReceive(context, intent);
        }

        @Override
        public String toString() {
            return "ReceiverDispatcher{receiver=" + receiver + "}";
        }
    }
}
