package pmgr.cel;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Predicate;
import org.apache.camel.support.ExpressionAdapter;
import org.apache.camel.support.LanguageSupport;

/**
 * The Camel language {@code cel}: a CEL expression or predicate in any route, written in YAML as
 * {@code expression: {language: {language: cel, expression: "inputs.vmName"}}}. Expressions compile
 * when the route is built, so a mistake stops the start instead of a run.
 */
public class CelLanguage extends LanguageSupport {

    @Override
    public Predicate createPredicate(String expression) {
        return (Predicate) createExpression(expression);
    }

    @Override
    public Expression createExpression(String expression) {
        String text = loadResource(expression).trim();
        CelEngine cel = lookup(getCamelContext(), CelEngine.class);
        cel.compile(text);
        return new CelExpression(text, cel, lookup(getCamelContext(), ExchangeBindings.class));
    }

    private static <T> T lookup(CamelContext camel, Class<T> type) {
        T found = camel.getRegistry().findSingleByType(type);
        if (found == null) {
            throw new IllegalStateException("the cel language needs a " + type.getSimpleName() + " in the registry");
        }
        return found;
    }

    static final class CelExpression extends ExpressionAdapter {
        private final String text;
        private final CelEngine cel;
        private final ExchangeBindings bindings;

        CelExpression(String text, CelEngine cel, ExchangeBindings bindings) {
            this.text = text;
            this.cel = cel;
            this.bindings = bindings;
        }

        @Override
        public Object evaluate(Exchange exchange) {
            return cel.evaluate(text, bindings.forExchange(exchange));
        }

        @Override
        public boolean matches(Exchange exchange) {
            Object v = evaluate(exchange);
            if (v instanceof Boolean b) {
                return b;
            }
            throw new CelException("predicate '" + text + "' must be true or false, got " + v);
        }

        @Override
        public String toString() {
            return "cel{" + text + "}";
        }
    }
}
