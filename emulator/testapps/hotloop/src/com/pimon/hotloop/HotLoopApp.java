package com.pimon.hotloop;

import android.app.Application;

public class HotLoopApp extends Application {
}
