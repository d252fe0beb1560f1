package pmgr.cel;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelOptionalLibrary;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiles and evaluates CEL (dev.cel) for workflows ({@code language: cel}) and definitions
 * ({@code ${{ }}}). Variables: {@code inputs}, {@code model}, {@code vault}, {@code definitions},
 * {@code lab} (lab configuration), {@code run}, {@code env}, {@code body}, {@code headers},
 * {@code variables}. Compiled programs are cached by their text.
 */
public final class CelEngine {
    public static final List<String> VARIABLES = List.of(
            "inputs", "model", "vault", "definitions", "lab", "run", "env", "body", "headers", "variables");

    private static final OpaqueType VAULT = OpaqueType.create("pmgr.Vault");
    private static final OpaqueType DEFINITIONS = OpaqueType.create("pmgr.Definitions");

    private final CelCompiler compiler;
    private final CelRuntime runtime;
    private final Map<String, Compiled> cache = new ConcurrentHashMap<>();
    private final CelSources sources;
    private final CelMap model;
    private final CelMap env;
    private final CelMap lab;

    /** A compiled expression and the names it reads from {@code model} and {@code inputs}. */
    public record Compiled(String text, CelRuntime.Program program, Set<String> models, Set<String> inputs) {
    }

    public CelEngine(CelSources sources) {
        this.sources = sources;
        this.model = new ModelView(sources);
        this.env = new CelMap.Plain("env", System.getenv(), null);
        this.lab = new CelMap.Plain("lab", sources.lab(), null);
        CelOptions options = CelOptions.current().enableOptionalSyntax(true).build();
        var compilerBuilder = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addLibraries(CelOptionalLibrary.INSTANCE)
                .addFunctionDeclarations(
                        CelFunctionDecl.newFunctionDeclaration("get", CelOverloadDecl.newMemberOverload(
                                "vault_get", SimpleType.DYN, VAULT, SimpleType.STRING, SimpleType.STRING)),
                        CelFunctionDecl.newFunctionDeclaration("byType",
                                CelOverloadDecl.newMemberOverload("definitions_by_types",
                                        ListType.create(SimpleType.STRING), DEFINITIONS, ListType.create(SimpleType.STRING)),
                                CelOverloadDecl.newMemberOverload("definitions_by_type",
                                        ListType.create(SimpleType.STRING), DEFINITIONS, SimpleType.STRING)),
                        CelFunctionDecl.newFunctionDeclaration("standalone",
                                CelOverloadDecl.newMemberOverload("definitions_standalone",
                                        ListType.create(SimpleType.STRING), DEFINITIONS, ListType.create(SimpleType.STRING))),
                        CelFunctionDecl.newFunctionDeclaration("find",
                                CelOverloadDecl.newMemberOverload("definitions_find", MapType.create(SimpleType.STRING, SimpleType.DYN),
                                        DEFINITIONS, SimpleType.STRING, SimpleType.STRING, SimpleType.DYN)));
        for (String v : VARIABLES) {
            compilerBuilder.addVar(v, switch (v) {
                case "vault" -> VAULT;
                case "definitions" -> DEFINITIONS;
                default -> SimpleType.DYN;
            });
        }
        this.compiler = compilerBuilder.build();
        this.runtime = CelRuntimeFactory.standardCelRuntimeBuilder()
                .setOptions(options)
                .addLibraries(CelOptionalLibrary.INSTANCE)
                .addFunctionBindings(
                        CelFunctionBinding.from("vault_get", List.of(Handles.VaultHandle.class, String.class, String.class),
                                args -> ((Handles.VaultHandle) args[0]).get((String) args[1], (String) args[2])),
                        CelFunctionBinding.from("definitions_by_types", Handles.DefinitionsHandle.class, List.class,
                                (h, types) -> h.byType(types.stream().map(String::valueOf).toList())),
                        CelFunctionBinding.from("definitions_by_type", Handles.DefinitionsHandle.class, String.class,
                                (h, type) -> h.byType(List.of(type))),
                        CelFunctionBinding.from("definitions_standalone", Handles.DefinitionsHandle.class, List.class,
                                (h, types) -> h.standalone(types.stream().map(String::valueOf).toList())),
                        CelFunctionBinding.from("definitions_find", List.of(Handles.DefinitionsHandle.class, String.class,
                                String.class, Object.class), args -> ((Handles.DefinitionsHandle) args[0]).find((String) args[1],
                                (String) args[2], args[3])))
                .build();
    }

    /** Compiles (or takes from the cache). A syntax or reference error is a {@link CelException}. */
    public Compiled compile(String expression) {
        Compiled c = cache.get(expression);
        if (c != null) {
            return c;
        }
        try {
            CelAbstractSyntaxTree ast = compiler.compile(expression).getAst();
            Set<String> models = new TreeSet<>();
            Set<String> inputs = new TreeSet<>();
            CelNavigableAst.fromAst(ast).getRoot().allNodes().forEach(node -> {
                String[] ref = reference(node.expr());
                if (ref != null) {
                    (ref[0].equals("model") ? models : inputs).add(ref[1]);
                }
            });
            c = new Compiled(expression, runtime.createProgram(ast), models, inputs);
            cache.put(expression, c);
            return c;
        } catch (CelValidationException e) {
            throw new CelException("CEL does not compile: " + e.getMessage().replace("<input>", "expression"), e);
        } catch (Exception e) {
            throw new CelException("CEL does not compile: " + e.getMessage(), e);
        }
    }

    /** {@code model.x}, {@code model["x"]}, {@code inputs.y}, {@code inputs["y"]} -> {root, name}. */
    private static String[] reference(CelExpr e) {
        if (e.getKind() == CelExpr.ExprKind.Kind.SELECT) {
            CelExpr operand = e.select().operand();
            if (operand.getKind() == CelExpr.ExprKind.Kind.IDENT && isRoot(operand.ident().name())) {
                return new String[] {operand.ident().name(), e.select().field()};
            }
        }
        if (e.getKind() == CelExpr.ExprKind.Kind.CALL && e.call().function().equals("_[_]") && e.call().args().size() == 2) {
            CelExpr operand = e.call().args().get(0);
            CelExpr index = e.call().args().get(1);
            if (operand.getKind() == CelExpr.ExprKind.Kind.IDENT && isRoot(operand.ident().name())
                    && index.getKind() == CelExpr.ExprKind.Kind.CONSTANT
                    && index.constant().getKind() == CelConstant.Kind.STRING_VALUE) {
                return new String[] {operand.ident().name(), index.constant().stringValue()};
            }
        }
        return null;
    }

    private static boolean isRoot(String name) {
        return name.equals("model") || name.equals("inputs");
    }

    /** Fresh variables holding {@code model}, {@code vault}, {@code definitions} and {@code env}. */
    public Bindings bindings() {
        Bindings b = new Bindings();
        b.vars.put("model", model);
        b.vars.put("vault", new Handles.VaultHandle(sources));
        b.vars.put("definitions", new Handles.DefinitionsHandle(sources));
        b.vars.put("env", env);
        b.vars.put("lab", lab);
        return b.inputs(Map.of()).run(Map.of()).variables(Map.of()).headers(Map.of()).body(null);
    }

    /** Evaluates to a plain Java value (Long, Double, String, Boolean, Map, List or null). */
    public Object evaluate(String expression, Bindings bindings) {
        Compiled c = compile(expression);
        CelMap.clearMissing();
        try {
            return CelValues.out(c.program().eval(bindings.vars));
        } catch (CelEvaluationException e) {
            throw translate(expression, e);
        } finally {
            CelMap.clearMissing();
        }
    }

    private static CelException translate(String expression, CelEvaluationException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof CelException ce) {
            return ce;
        }
        String[] missing = CelMap.lastMissing();
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (missing != null && (message.contains("'" + missing[1] + "'") || message.endsWith(": " + missing[1]))) {
            return new CelException(missing[0] + " does not exist (in '" + expression
                    + "'; write has(...) or .? for a value that may be absent)", e);
        }
        return new CelException("'" + expression + "' failed: " + message.replaceFirst("^evaluation error at <input>:\\d+: ", ""), e);
    }
}
