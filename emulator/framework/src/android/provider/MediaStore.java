package android.provider;

import android.net.Uri;

/** The media provider's contract (authority {@code media}); the emulated phone has no photos. */
public final class MediaStore {
    public static final String AUTHORITY = "media";
    public static final Uri AUTHORITY_URI = Uri.parse("content://media");
    public static final String VOLUME_EXTERNAL = "external";
    public static final String VOLUME_EXTERNAL_PRIMARY = "external_primary";
    public static final String VOLUME_INTERNAL = "internal";
    public static final String ACTION_IMAGE_CAPTURE = "android.media.action.IMAGE_CAPTURE";

    public MediaStore() {}

    /** Columns every media table has. */
    public interface MediaColumns extends BaseColumns {
        String DISPLAY_NAME = "_display_name";
        String MIME_TYPE = "mime_type";
        String SIZE = "_size";
        String DATE_ADDED = "date_added";
        String RELATIVE_PATH = "relative_path";
        @Deprecated String DATA = "_data";
    }

    /** Images. */
    public static final class Images {
        public Images() {}

        /** The images table. */
        public static final class Media implements MediaColumns {
            public static final Uri EXTERNAL_CONTENT_URI = Uri.parse("content://media/external/images/media");
            public static final Uri INTERNAL_CONTENT_URI = Uri.parse("content://media/internal/images/media");
            public static final String CONTENT_TYPE = "vnd.android.cursor.dir/image";

            public Media() {}

            public static Uri getContentUri(String volumeName) {
                return Uri.parse("content://media/" + volumeName + "/images/media");
            }
        }
    }

    /** Videos. */
    public static final class Video {
        public Video() {}

        /** The videos table. */
        public static final class Media implements MediaColumns {
            public static final Uri EXTERNAL_CONTENT_URI = Uri.parse("content://media/external/video/media");

            public Media() {}
        }
    }

    /** Audio. */
    public static final class Audio {
        public Audio() {}

        /** The audio table. */
        public static final class Media implements MediaColumns {
            public static final Uri EXTERNAL_CONTENT_URI = Uri.parse("content://media/external/audio/media");

            public Media() {}
        }
    }
}
