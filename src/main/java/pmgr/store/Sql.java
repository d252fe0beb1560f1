package pmgr.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.sql.SqlConstants;

/**
 * Runs SQL through Camel's sql component. Parameters are named ({@code :#name}) and taken from a
 * map; result rows come back with lower-case column names whatever the database says.
 */
public final class Sql {
    private final CamelContext camel;
    private final ProducerTemplate template;
    private final String dataSourceRef;
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();

    public Sql(CamelContext camel, String dataSourceBeanName) {
        this.camel = camel;
        this.template = camel.createProducerTemplate();
        this.dataSourceRef = "#" + dataSourceBeanName;
    }

    public List<Map<String, Object>> query(String sql, Map<String, ?> params) {
        Exchange result = send(sql, params);
        List<?> rows = result.getMessage().getBody(List.class);
        List<Map<String, Object>> out = new ArrayList<>(rows == null ? 0 : rows.size());
        if (rows != null) {
            for (Object row : rows) {
                Map<String, Object> lower = new LinkedHashMap<>();
                ((Map<?, ?>) row).forEach((k, v) -> lower.put(k.toString().toLowerCase(Locale.ROOT), v));
                out.add(lower);
            }
        }
        return out;
    }

    public int update(String sql, Map<String, ?> params) {
        Exchange result = send(sql, params);
        Integer count = result.getMessage().getHeader(SqlConstants.SQL_UPDATE_COUNT, Integer.class);
        return count == null ? 0 : count;
    }

    private Exchange send(String sql, Map<String, ?> params) {
        Endpoint endpoint = endpoints.computeIfAbsent(sql, q -> camel.getEndpoint(
                "sql:" + q + "?dataSource=" + dataSourceRef + "&outputType=SelectList"));
        Exchange exchange = template.send(endpoint, e -> e.getMessage().setBody(params));
        if (exchange.getException() != null) {
            Throwable cause = exchange.getException();
            while (cause instanceof CamelExecutionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw new StoreException("database error: " + cause.getMessage(), cause);
        }
        return exchange;
    }
}
