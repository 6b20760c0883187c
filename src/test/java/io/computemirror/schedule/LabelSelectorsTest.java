package io.computemirror.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;

/** The selector rules the API server applies to built-in kinds, applied by the operator to a schedule's selector. */
class LabelSelectorsTest {

    static Stream<Arguments> selectors() {
        return Stream.of(
                Arguments.of("empty", new LabelSelector(), null),
                Arguments.of(
                        "matchLabels with a prefixed key",
                        new LabelSelectorBuilder()
                                .withMatchLabels(Map.of("computemirror.io/provider", "akua-main", "tier", ""))
                                .build(),
                        null),
                Arguments.of("In with values", expression("team", "In", "a", "b"), null),
                Arguments.of("DoesNotExist", expression("team", "DoesNotExist"), null),
                Arguments.of(
                        "unknown operator",
                        expression("team", "Equals", "a"),
                        "spec.selector.matchExpressions[0].operator"),
                Arguments.of("In without values", expression("team", "In"), "spec.selector.matchExpressions[0].values"),
                Arguments.of(
                        "Exists with values",
                        expression("team", "Exists", "a"),
                        "spec.selector.matchExpressions[0].values"),
                Arguments.of(
                        "value with a space",
                        new LabelSelectorBuilder()
                                .withMatchLabels(Map.of("team", "team a"))
                                .build(),
                        "spec.selector.matchLabels[team]"),
                Arguments.of(
                        "key with two slashes", expression("a/b/c", "Exists"), "spec.selector.matchExpressions[0].key"),
                Arguments.of(
                        "upper-case prefix",
                        expression("Example.com/team", "Exists"),
                        "spec.selector.matchExpressions[0].key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("selectors")
    void problem(String name, LabelSelector selector, String field) {
        if (field == null) {
            assertThat(LabelSelectors.problem(selector)).isEmpty();
        } else {
            assertThat(LabelSelectors.problem(selector))
                    .hasValueSatisfying(p -> assertThat(p).startsWith(field + ": "));
        }
    }

    private static LabelSelector expression(String key, String operator, String... values) {
        return new LabelSelectorBuilder()
                .addNewMatchExpression()
                .withKey(key)
                .withOperator(operator)
                .withValues(values)
                .endMatchExpression()
                .build();
    }
}
