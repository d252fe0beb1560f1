package pmgr.store;

import com.fasterxml.jackson.annotation.JsonValue;
import pmgr.common.Secrets;

/**
 * A sensitive resource field as stored: encrypted. Printing or serializing it shows {@code ***};
 * only {@link ResourceStore#reveal} opens it (for CEL wiring).
 */
public record SealedValue(String sealed, String context) {

    @JsonValue
    public String shown() {
        return Secrets.MASK;
    }

    @Override
    public String toString() {
        return Secrets.MASK;
    }
}
