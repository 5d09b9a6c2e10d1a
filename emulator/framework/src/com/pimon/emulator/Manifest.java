package com.pimon.emulator;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** An app's AndroidManifest.xml: package, permissions, application class and components. */
public final class Manifest {
    private static final String NS = "http://schemas.android.com/apk/res/android";

    /** An activity, receiver or service with the actions of its intent filters. */
    public static final class Component {
        public final String className;
        public final List<String> actions;
        public final List<String> categories;

        Component(String className, List<String> actions, List<String> categories) {
            this.className = className;
            this.actions = Collections.unmodifiableList(actions);
            this.categories = Collections.unmodifiableList(categories);
        }
    }

    public final String packageName;
    public final String label;
    public final String applicationClass;
    public final List<String> permissions;
    public final List<Component> activities;
    public final List<Component> receivers;
    public final List<Component> services;
    /** {@code <meta-data android:name android:value>} of {@code <application>} (SDK app keys live there). */
    public final java.util.Map<String, String> metaData = new java.util.LinkedHashMap<>();

    private Manifest(String packageName, String label, String applicationClass, List<String> permissions,
            List<Component> activities, List<Component> receivers, List<Component> services) {
        this.packageName = packageName;
        this.label = label;
        this.applicationClass = applicationClass;
        this.permissions = Collections.unmodifiableList(permissions);
        this.activities = Collections.unmodifiableList(activities);
        this.receivers = Collections.unmodifiableList(receivers);
        this.services = Collections.unmodifiableList(services);
    }

    /** Parses a manifest; the name is used in error messages. */
    public static Manifest parse(InputStream in, String name) {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setExpandEntityReferences(false);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            doc = f.newDocumentBuilder().parse(in);
        } catch (Exception e) {
            throw new IllegalArgumentException(name + ": not a valid AndroidManifest.xml: " + e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        String pkg = root.getAttribute("package");
        if (pkg.isEmpty()) throw new IllegalArgumentException(name + ": <manifest> has no package attribute");
        List<String> perms = new ArrayList<>();
        for (Element e : children(root, "uses-permission")) perms.add(attr(e, "name"));
        String label = pkg;
        String appClass = "android.app.Application";
        List<Component> activities = new ArrayList<>();
        List<Component> receivers = new ArrayList<>();
        List<Component> services = new ArrayList<>();
        for (Element app : children(root, "application")) {
            String n = attr(app, "name");
            if (!n.isEmpty()) appClass = qualify(pkg, n);
            String l = attr(app, "label");
            if (!l.isEmpty()) label = l;
            for (Element e : children(app, "activity")) activities.add(component(pkg, e));
            for (Element e : children(app, "activity-alias")) activities.add(component(pkg, e));
            for (Element e : children(app, "receiver")) receivers.add(component(pkg, e));
            for (Element e : children(app, "service")) services.add(component(pkg, e));
        }
        Manifest m = new Manifest(pkg, label, appClass, perms, activities, receivers, services);
        for (Element app : children(root, "application")) {
            for (Element e : children(app, "meta-data")) {
                String n = attr(e, "name");
                String v = attr(e, "value");
                if (!n.isEmpty()) m.metaData.put(n, v.isEmpty() ? attr(e, "resource") : v);
            }
        }
        return m;
    }

    /** The launcher activity: the first with action MAIN, else the first activity; null if none. */
    public Component mainActivity() {
        for (Component c : activities) {
            if (c.actions.contains("android.intent.action.MAIN")) return c;
        }
        return activities.isEmpty() ? null : activities.get(0);
    }

    private static Component component(String pkg, Element e) {
        List<String> actions = new ArrayList<>();
        List<String> categories = new ArrayList<>();
        for (Element filter : children(e, "intent-filter")) {
            for (Element a : children(filter, "action")) actions.add(attr(a, "name"));
            for (Element c : children(filter, "category")) categories.add(attr(c, "name"));
        }
        String target = attr(e, "targetActivity");
        String cls = qualify(pkg, target.isEmpty() ? attr(e, "name") : target);
        return new Component(cls, actions, categories);
    }

    static String qualify(String pkg, String name) {
        if (name.startsWith(".")) return pkg + name;
        if (!name.contains(".")) return pkg + "." + name;
        return name;
    }

    private static String attr(Element e, String local) {
        String v = e.getAttributeNS(NS, local);
        if (v == null || v.isEmpty()) v = e.getAttribute("android:" + local);
        return v == null ? "" : v.trim();
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        NodeList nl = parent.getChildNodes();
        for (int i = 0; i < nl.getLength(); i++) {
            Node n = nl.item(i);
            if (n instanceof Element && tag.equals(((Element) n).getTagName())) out.add((Element) n);
        }
        return out;
    }
}
