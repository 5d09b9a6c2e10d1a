package android.telephony;

import android.app.PendingIntent;
import com.pimon.emulator.Permissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Sending SMS (needs SEND_SMS). Nothing leaves the machine: a sent message only fires its
 * {@code sentIntent}. The {@code *Internal}/{@code *WithSelfPermissions} methods are {@code @hide}
 * on Android (package-private here; SDKs reach them by reflection).
 */
public final class SmsManager {
    public static final int RESULT_ERROR_GENERIC_FAILURE = 1;
    public static final int RESULT_ERROR_NO_SERVICE = 4;
    public static final int STATUS_ON_ICC_READ = 1;

    private static final SmsManager DEFAULT = new SmsManager(1);
    private final int subId;

    private SmsManager(int subId) {
        this.subId = subId;
    }

    @Deprecated
    public static SmsManager getDefault() {
        return DEFAULT;
    }

    @Deprecated
    public static SmsManager getSmsManagerForSubscriptionId(int subId) {
        return new SmsManager(subId);
    }

    public SmsManager createForSubscriptionId(int subId) {
        return new SmsManager(subId);
    }

    public static int getDefaultSmsSubscriptionId() {
        return 1;
    }

    public int getSubscriptionId() {
        return subId;
    }

    public ArrayList<String> divideMessage(String text) {
        if (text == null) throw new IllegalArgumentException("text is null");
        ArrayList<String> parts = new ArrayList<>();
        int size = text.chars().allMatch(c -> c < 128) ? 153 : 67;
        for (int i = 0; i < text.length(); i += size) parts.add(text.substring(i, Math.min(text.length(), i + size)));
        if (parts.isEmpty()) parts.add("");
        return parts;
    }

    private static void check(String destinationAddress) {
        Permissions.enforce("android.permission.SEND_SMS");
        if (destinationAddress == null || destinationAddress.isEmpty()) throw new IllegalArgumentException("Invalid destinationAddress");
    }

    private static void sent(PendingIntent sentIntent) {
        if (sentIntent == null) return;
        try {
            sentIntent.send();
        } catch (PendingIntent.CanceledException e) {
            // the sender canceled it: nothing to report
        }
    }

    public void sendTextMessage(String destinationAddress, String scAddress, String text, PendingIntent sentIntent,
            PendingIntent deliveryIntent) {
        check(destinationAddress);
        if (text == null || text.isEmpty()) throw new IllegalArgumentException("Invalid message body");
        sent(sentIntent);
    }

    public void sendTextMessage(String destinationAddress, String scAddress, String text, PendingIntent sentIntent,
            PendingIntent deliveryIntent, long messageId) {
        sendTextMessage(destinationAddress, scAddress, text, sentIntent, deliveryIntent);
    }

    public void sendMultipartTextMessage(String destinationAddress, String scAddress, ArrayList<String> parts,
            ArrayList<PendingIntent> sentIntents, ArrayList<PendingIntent> deliveryIntents) {
        check(destinationAddress);
        if (parts == null || parts.isEmpty()) throw new IllegalArgumentException("Invalid message body");
        if (sentIntents != null) {
            for (PendingIntent p : sentIntents) sent(p);
        }
    }

    public void sendMultipartTextMessage(String destinationAddress, String scAddress, List<String> parts,
            List<PendingIntent> sentIntents, List<PendingIntent> deliveryIntents, long messageId) {
        sendMultipartTextMessage(destinationAddress, scAddress, parts == null ? null : new ArrayList<>(parts),
                sentIntents == null ? null : new ArrayList<>(sentIntents), null);
    }

    public void sendDataMessage(String destinationAddress, String scAddress, short destinationPort, byte[] data,
            PendingIntent sentIntent, PendingIntent deliveryIntent) {
        check(destinationAddress);
        if (data == null || data.length == 0) throw new IllegalArgumentException("Invalid message data");
        sent(sentIntent);
    }

    /** {@code @hide} on Android. */
    void sendTextMessageInternal(String destinationAddress, String scAddress, String text, PendingIntent sentIntent,
            PendingIntent deliveryIntent, boolean persistMessage, String packageName, String attributionTag, long messageId) {
        sendTextMessage(destinationAddress, scAddress, text, sentIntent, deliveryIntent);
    }

    /** {@code @hide} on Android. */
    void sendTextMessageWithSelfPermissions(String destinationAddress, String scAddress, String text,
            PendingIntent sentIntent, PendingIntent deliveryIntent, boolean persistMessage) {
        sendTextMessage(destinationAddress, scAddress, text, sentIntent, deliveryIntent);
    }

    /** {@code @hide} on Android. */
    void sendMultipartTextMessageInternal(String destinationAddress, String scAddress, List<String> parts,
            List<PendingIntent> sentIntents, List<PendingIntent> deliveryIntents, boolean persistMessage,
            String packageName, String attributionTag, long messageId) {
        sendMultipartTextMessage(destinationAddress, scAddress, parts, sentIntents, deliveryIntents, messageId);
    }

    /** {@code @hide} on Android. */
    void sendDataMessageWithSelfPermissions(String destinationAddress, String scAddress, short destinationPort,
            byte[] data, PendingIntent sentIntent, PendingIntent deliveryIntent) {
        sendDataMessage(destinationAddress, scAddress, destinationPort, data, sentIntent, deliveryIntent);
    }
}
