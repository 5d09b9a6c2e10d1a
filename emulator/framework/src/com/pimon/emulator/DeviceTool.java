package com.pimon.emulator;

import java.nio.file.Path;

/** Device chores the Python driver runs without starting an app: {@code DeviceTool profile DIR}. */
public final class DeviceTool {
    private DeviceTool() {}

    public static void main(String[] args) {
        if (args.length == 2 && args[0].equals("profile")) {
            Profile.load(Path.of(args[1]));
            return;
        }
        System.err.println("usage: DeviceTool profile DEVICE_DIR");
        System.exit(2);
    }
}
