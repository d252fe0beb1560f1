package pmgr.testing;

/** Workflow files used by several tests. */
public final class Workflows {
    private Workflows() {
    }

    public static final String GREET = """
            # A sequential workflow: data written by one step feeds the next through CEL.
            - workflow:
                inputs:
                  who: {type: string, required: true, description: Who to greet, pattern: "[a-z]+"}
                  times: {type: integer, default: 1, description: How many times}
                lock: "'person:' + inputs.who"
            - route:
                id: greet
                group: workflow
                description: Greets someone twice
                from:
                  uri: direct:workflow.greet
                  steps:
                    - step:
                        id: first
                        description: Alpha greets
                        steps:
                          - setVariable:
                              name: args
                              expression:
                                language: {language: cel, expression: "{'message': 'hello ' + inputs.who, 'times': inputs.times}"}
                          - to: direct:alpha.echo
                    - step:
                        id: second
                        description: Beta repeats what alpha said
                        steps:
                          - setVariable:
                              name: args
                              expression:
                                language: {language: cel, expression: "{'message': model.alpha.resource.echo['last'].attributes.text, 'name': 'copy'}"}
                          - to: direct:beta.echo
                    - choice:
                        when:
                          - language: {language: cel, expression: "inputs.times > 1"}
                            steps:
                              - step:
                                  id: many
                                  description: Said more than once
                                  steps:
                                    - setVariable:
                                        name: args
                                        expression:
                                          language: {language: cel, expression: "{'message': 'many', 'name': 'many'}"}
                                    - to: direct:alpha.echo
                        otherwise:
                          steps:
                            - step:
                                id: once
                                description: Said once
                                steps:
                                  - setVariable:
                                      name: args
                                      expression:
                                        language: {language: cel, expression: "{'message': 'once', 'name': 'once'}"}
                                  - to: direct:alpha.echo
            """;

    public static final String FAN_OUT = """
            - workflow: {}
            - route:
                id: fan-out
                group: workflow
                description: Echo on every test/echo instance in parallel
                from:
                  uri: direct:workflow.fan-out
                  steps:
                    - step:
                        id: collect
                        description: Echo everywhere at once
                        steps:
                          - split:
                              expression:
                                language: {language: cel, expression: "definitions.byType(['test/echo'])"}
                              parallelProcessing: true
                              aggregationStrategy: "#branchOutcomes"
                              steps:
                                - setVariable:
                                    name: args
                                    expression:
                                      language: {language: cel, expression: "{'message': 'hi ' + body, 'name': 'fan'}"}
                                - toD: direct:${body}.echo
                    - step:
                        id: after
                        description: Runs after the fan-out
                        steps:
                          - setVariable:
                              name: args
                              expression:
                                language: {language: cel, expression: "{'message': 'outcomes ' + string(size(body)), 'name': 'after'}"}
                          - to: direct:alpha.echo
            """;

    public static final String FAILING = """
            - workflow: {}
            - route:
                id: failing
                group: workflow
                description: Fails in the middle and cleans up
                from:
                  uri: direct:workflow.failing
                  steps:
                    - doTry:
                        steps:
                          - step:
                              id: first
                              description: Works (the same step name as in greet)
                              steps:
                                - setVariable:
                                    name: args
                                    expression:
                                      language: {language: cel, expression: "{'message': 'fine'}"}
                                - to: direct:alpha.echo
                          - step:
                              id: breaks
                              description: Fails
                              steps:
                                - to: direct:alpha.fail
                          - step:
                              id: never
                              description: Not reached
                              steps:
                                - to: direct:alpha.fail
                        doFinally:
                          steps:
                            - step:
                                id: cleanup
                                description: Always runs
                                steps:
                                  - setVariable:
                                      name: args
                                      expression:
                                        language: {language: cel, expression: "{'message': 'cleanup', 'name': 'cleanup'}"}
                                  - to: direct:beta.echo
            """;

    public static final String SLOW = """
            - workflow:
                inputs:
                  who: {type: string, required: true, description: Lock key part}
                  millis: {type: integer, default: 2000, description: How long to hold the lock}
                lock: "'person:' + inputs.who"
                lockWait: 500ms
            - route:
                id: slow
                group: workflow
                description: Holds a lock for a while
                from:
                  uri: direct:workflow.slow
                  steps:
                    - step:
                        id: wait
                        description: Sleep
                        steps:
                          - setVariable:
                              name: args
                              expression:
                                language: {language: cel, expression: "{'millis': inputs.millis}"}
                          - to: direct:alpha.sleep
            """;
}
