package com.example.consenttiming;

import android.app.Activity;
import android.os.Bundle;
import android.widget.Button;
import android.widget.LinearLayout;
import android.widget.TextView;
import com.pimon.emulator.Ids;

/** The launcher activity: the privacy dialog at every start, and a button to answer it again. */
public class MainActivity extends Activity {
    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        setContentView(screen(this, "同意时刻示例"));
        Consent.show(this);
    }

    static LinearLayout screen(Activity a, String titleText) {
        LinearLayout root = new LinearLayout(a);
        root.setOrientation(LinearLayout.VERTICAL);
        TextView title = new TextView(a);
        title.setId(Ids.id("title"));
        title.setText(titleText);
        root.addView(title);
        Button again = new Button(a);
        again.setId(Ids.id("again"));
        again.setText("重新选择");
        again.setOnClickListener(v -> Consent.show(a));
        root.addView(again);
        return root;
    }
}
