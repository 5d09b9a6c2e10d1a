package android.location;

import android.content.Context;
import com.pimon.emulator.Profile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reverse geocoding, offline: every position resolves to the profile's address
 * ({@code address.*} keys), which sits at the profile's location.
 */
public final class Geocoder {
    private final Locale locale;

    public Geocoder(Context context) {
        this(context, Locale.getDefault());
    }

    public Geocoder(Context context, Locale locale) {
        if (locale == null) throw new NullPointerException("locale");
        this.locale = locale;
    }

    public static boolean isPresent() {
        return true;
    }

    private Address address() {
        Profile p = Profile.get();
        Address a = new Address(locale);
        a.setCountryCode(p.str("address.country_code"));
        a.setCountryName(p.str("address.country"));
        a.setAdminArea(p.str("address.admin_area"));
        a.setLocality(p.str("address.locality"));
        a.setSubLocality(p.str("address.sub_locality"));
        a.setThoroughfare(p.str("address.thoroughfare"));
        a.setPostalCode(p.str("address.postal_code"));
        a.setAddressLine(0, p.str("address.line"));
        a.setLatitude(p.dbl("location.latitude"));
        a.setLongitude(p.dbl("location.longitude"));
        return a;
    }

    @Deprecated
    public List<Address> getFromLocation(double latitude, double longitude, int maxResults) throws IOException {
        if (latitude < -90 || latitude > 90) throw new IllegalArgumentException("latitude == " + latitude);
        if (longitude < -180 || longitude > 180) throw new IllegalArgumentException("longitude == " + longitude);
        List<Address> out = new ArrayList<>();
        if (maxResults > 0) out.add(address());
        return out;
    }

    @Deprecated
    public List<Address> getFromLocationName(String locationName, int maxResults) throws IOException {
        if (locationName == null) throw new IllegalArgumentException("locationName == null");
        List<Address> out = new ArrayList<>();
        if (maxResults > 0) out.add(address());
        return out;
    }
}
