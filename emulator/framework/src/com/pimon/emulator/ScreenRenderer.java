package com.pimon.emulator;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GraphicsEnvironment;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The emulator's "screenshot": the uiautomator hierarchy (the same XML {@code dump} returns) drawn with
 * Java2D, headless, at its real bounds and with its real texts. Windows after the first (dialogs, the
 * system's permission dialog) are drawn over a dimmed screen, as on Android. Control command
 * {@code screenshot} ({@code scale}, default 0.5) answers {@code png} (base64), {@code width}, {@code height};
 * {@code render} ({@code xml}, {@code scale}) draws a hierarchy dumped earlier.
 */
public final class ScreenRenderer {
    private static final Pattern BOUNDS = Pattern.compile("\\[(-?\\d+),(-?\\d+)\\]\\[(-?\\d+),(-?\\d+)\\]");
    private static volatile Font base;

    private ScreenRenderer() {}

    /** The PNG bytes of {@code xml} rendered at {@code scale} (0.1 .. 1) of the 1080x1920 screen. */
    public static byte[] render(String xml, double scale) throws IOException {
        System.setProperty("java.awt.headless", "true");
        double s = Math.max(0.1, Math.min(1.0, scale));
        int w = (int) Math.round(UiTree.WIDTH * s), h = (int) Math.round(UiTree.HEIGHT * s);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.scale(s, s);
            g.setColor(new Color(0xF5F5F5));
            g.fillRect(0, 0, UiTree.WIDTH, UiTree.HEIGHT);
            Document doc = parse(xml);
            List<Element> roots = children(doc.getDocumentElement());
            for (int i = 0; i < roots.size(); i++) {
                if (i > 0) {
                    g.setColor(new Color(0, 0, 0, 110));
                    g.fillRect(0, 0, UiTree.WIDTH, UiTree.HEIGHT);
                }
                int[] r = bounds(roots.get(i));
                if (r != null) {
                    g.setColor(Color.WHITE);
                    if (i > 0) g.fillRoundRect(r[0], r[1], r[2] - r[0], r[3] - r[1], 24, 24);
                    else g.fillRect(r[0], r[1], r[2] - r[0], r[3] - r[1]);
                }
                draw(g, roots.get(i));
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    /** {@code java -cp framework.jar com.pimon.emulator.ScreenRenderer [scale]}: the hierarchy XML on stdin drawn
     * as a PNG on stdout (pimon draws a screen with it when no app of the device is left to ask). */
    public static void main(String[] args) throws IOException {
        double scale = args.length > 0 ? Double.parseDouble(args[0]) : 0.5;
        String xml = new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        System.out.write(render(xml, scale));
        System.out.flush();
    }

    public static String renderBase64(String xml, double scale) throws IOException {
        return Base64.getEncoder().encodeToString(render(xml, scale));
    }

    private static Document parse(String xml) throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setExpandEntityReferences(false);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IOException("cannot parse the hierarchy: " + e.getMessage(), e);
        }
    }

    private static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && ((Element) n).getTagName().equals("node")) out.add((Element) n);
        }
        return out;
    }

    private static int[] bounds(Element e) {
        Matcher m = BOUNDS.matcher(e.getAttribute("bounds"));
        if (!m.matches()) return null;
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))};
    }

    private static void draw(Graphics2D g, Element e) {
        int[] r = bounds(e);
        String cls = e.getAttribute("class");
        String text = e.getAttribute("text");
        if (text.isEmpty()) text = e.getAttribute("content-desc");
        boolean checkable = "true".equals(e.getAttribute("checkable"));
        boolean checked = "true".equals(e.getAttribute("checked"));
        if (r != null && r[2] > r[0] && r[3] > r[1]) {
            int x = r[0], y = r[1], w = r[2] - r[0], h = r[3] - r[1];
            if (cls.endsWith("Button") && !checkable) {
                g.setColor(new Color(0xE3F2FD));
                g.fillRoundRect(x + 4, y + 4, w - 8, h - 8, 16, 16);
                g.setColor(new Color(0x1565C0));
                g.setStroke(new BasicStroke(2f));
                g.drawRoundRect(x + 4, y + 4, w - 8, h - 8, 16, 16);
                text(g, text, x, y, w, h, new Color(0x0D47A1), true);
            } else if (checkable) {
                int box = Math.min(h - 8, 48);
                int by = y + (h - box) / 2;
                g.setStroke(new BasicStroke(4f));
                g.setColor(checked ? new Color(0x1565C0) : Color.WHITE);
                g.fillRect(x + 8, by, box, box);
                g.setColor(new Color(0x1565C0));
                g.drawRect(x + 8, by, box, box);
                if (checked) {
                    g.setColor(Color.WHITE);
                    g.drawPolyline(new int[] {x + 16, x + 8 + box / 2 - 4, x + box}, new int[] {by + box / 2, by + box - 10, by + 10}, 3);
                }
                text(g, text, x + box + 24, y, w - box - 24, h, new Color(0x212121), false);
            } else if (cls.endsWith("EditText")) {
                g.setColor(new Color(0x9E9E9E));
                g.fillRect(x + 4, y + h - 6, w - 8, 3);
                text(g, text, x, y, w, h, new Color(0x212121), false);
            } else if (!text.isEmpty()) {
                text(g, text, x, y, w, h, new Color(0x212121), false);
            }
        }
        for (Element c : children(e)) draw(g, c);
    }

    /** A font that can show Chinese (WenQuanYi, Noto CJK, Droid fallback), else the logical SansSerif. */
    private static Font font() {
        Font f = base;
        if (f != null) return f;
        String found = null;
        String[] names = GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames();
        for (String want : new String[] {"WenQuanYi Zen Hei", "Noto Sans CJK SC", "Noto Sans SC", "Droid Sans Fallback"}) {
            for (String n : names) if (n.equalsIgnoreCase(want)) { found = n; break; }
            if (found != null) break;
        }
        if (found == null) {
            for (String n : names) if (new Font(n, Font.PLAIN, 12).canDisplay('\u540c')) { found = n; break; }
        }
        base = f = new Font(found != null ? found : Font.SANS_SERIF, Font.PLAIN, 12);
        return f;
    }

    private static void text(Graphics2D g, String text, int x, int y, int w, int h, Color colour, boolean centre) {
        if (text == null || text.isEmpty() || w <= 8 || h <= 8) return;
        float size = Math.max(14f, Math.min(40f, h * 0.42f));
        List<String> lines;
        FontMetrics fm;
        while (true) {  // the largest size (>= 14 px) whose wrapped lines fit the bounds
            g.setFont(font().deriveFont(size));
            fm = g.getFontMetrics();
            lines = wrap(text, fm, w);
            if (size <= 14f || fm.getHeight() * lines.size() <= h) break;
            size -= 2f;
        }
        g.setColor(colour);
        int lh = fm.getHeight();
        int total = lh * lines.size();
        int ty = total <= h ? y + (h - total) / 2 + fm.getAscent() : y + fm.getAscent();
        java.awt.Shape clip = g.getClip();
        g.clipRect(x, y, w, h);
        for (String line : lines) {
            int tx = centre ? x + (w - fm.stringWidth(line)) / 2 : x + 12;
            g.drawString(line, tx, ty);
            ty += lh;
            if (ty - fm.getAscent() > y + h) break;
        }
        g.setClip(clip);
    }

    private static List<String> wrap(String text, FontMetrics fm, int w) {
        List<String> lines = new ArrayList<>();
        for (String para : text.split("\n", -1)) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < para.length(); ) {
                int cp = para.codePointAt(i);
                String ch = new String(Character.toChars(cp));
                if (fm.stringWidth(line + ch) > w - 24 && line.length() > 0) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                line.append(ch);
                i += Character.charCount(cp);
            }
            lines.add(line.toString());
        }
        return lines;
    }
}
