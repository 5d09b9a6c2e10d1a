package android.net;

import java.util.ArrayList;
import java.util.List;

/** What a network callback asks for: transports and capabilities (the emulator's networks match any). */
public class NetworkRequest {
    private final List<Integer> transports;
    private final List<Integer> capabilities;

    NetworkRequest(List<Integer> transports, List<Integer> capabilities) {
        this.transports = transports;
        this.capabilities = capabilities;
    }

    @Override
    public String toString() {
        return "NetworkRequest [ transports=" + transports + " capabilities=" + capabilities + " ]";
    }

    public static class Builder {
        private final List<Integer> transports = new ArrayList<>();
        private final List<Integer> capabilities = new ArrayList<>();

        public Builder() {}

        public Builder addTransportType(int transportType) {
            transports.add(transportType);
            return this;
        }

        public Builder addCapability(int capability) {
            capabilities.add(capability);
            return this;
        }

        public Builder removeCapability(int capability) {
            capabilities.remove(Integer.valueOf(capability));
            return this;
        }

        public NetworkRequest build() {
            return new NetworkRequest(new ArrayList<>(transports), new ArrayList<>(capabilities));
        }
    }
}
