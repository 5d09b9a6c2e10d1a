package android;

/** Android's framework resource ids (the subset the emulator's windows use). */
public final class R {
    public R() {}

    public static final class id {
        public id() {}

        public static final int background = 0x01020000;
        public static final int button1 = 0x01020019;
        public static final int button2 = 0x0102001a;
        public static final int button3 = 0x0102001b;
        public static final int checkbox = 0x01020001;
        public static final int content = 0x01020002;
        public static final int custom = 0x0102002b;
        public static final int edit = 0x01020003;
        public static final int empty = 0x01020004;
        public static final int icon = 0x01020006;
        public static final int input = 0x01020009;
        public static final int list = 0x0102000a;
        public static final int message = 0x0102000b;
        public static final int primary = 0x0102000c;
        public static final int progress = 0x0102000d;
        public static final int summary = 0x01020010;
        public static final int text1 = 0x01020014;
        public static final int text2 = 0x01020015;
        public static final int title = 0x01020016;
        public static final int toggle = 0x01020017;
    }
}
