package pmgr.api;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import org.apache.camel.spi.DataFormat;
import org.apache.camel.spi.DataFormatFactory;
import org.apache.camel.support.service.ServiceSupport;
import pmgr.common.Json;
import pmgr.common.Secrets;

/**
 * The REST binding's JSON: the application's one mapper (ISO instants, insertion order), request
 * bodies read as JSON objects, and every answer masked on its way out, so no secret leaves the API
 * whatever a handler returned.
 */
final class ApiJson extends ServiceSupport implements DataFormat {
    /** The name the REST configuration uses; the factory is bound as {@code <name>-dataformat-factory}. */
    static final String NAME = "pmgr-json";
    static final DataFormatFactory FACTORY = ApiJson::new;

    @Override
    public void marshal(Exchange exchange, Object graph, OutputStream stream) throws Exception {
        stream.write(Secrets.mask(Json.write(graph)).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Object unmarshal(Exchange exchange, InputStream stream) throws Exception {
        String text = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        try {
            return Json.readMap(text);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "request body must be a JSON object: " + e.getMessage(), null);
        }
    }
}
