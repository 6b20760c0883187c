package io.computemirror.schedule;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

/**
 * Kubernetes label selector semantics (matchLabels AND matchExpressions; an empty selector matches everything), and
 * the validation the API server applies to selectors of built-in kinds but not to those inside a custom resource.
 */
final class LabelSelectors {

    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Set<String> OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist");

    private LabelSelectors() {}

    /** Why Kubernetes would refuse {@code selector} (field path and rule), or empty when it is valid. */
    static Optional<String> problem(LabelSelector selector) {
        if (selector == null) {
            return Optional.empty();
        }
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
                String field = "spec.selector.matchLabels[" + e.getKey() + "]";
                Optional<String> problem = keyProblem(field, e.getKey()).or(() -> valueProblem(field, e.getValue()));
                if (problem.isPresent()) {
                    return problem;
                }
            }
        }
        List<LabelSelectorRequirement> expressions =
                selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
        for (int i = 0; i < expressions.size(); i++) {
            Optional<String> problem =
                    requirementProblem("spec.selector.matchExpressions[" + i + "]", expressions.get(i));
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> requirementProblem(String field, LabelSelectorRequirement r) {
        Optional<String> key = keyProblem(field + ".key", r.getKey());
        if (key.isPresent()) {
            return key;
        }
        String operator = r.getOperator();
        if (!OPERATORS.contains(operator)) {
            return Optional.of(field + ".operator: \"" + operator + "\" is not one of In, NotIn, Exists, DoesNotExist");
        }
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        boolean set = operator.equals("In") || operator.equals("NotIn");
        if (set && values.isEmpty()) {
            return Optional.of(field + ".values: " + operator + " needs at least one value");
        }
        if (!set && !values.isEmpty()) {
            return Optional.of(field + ".values: " + operator + " takes no values");
        }
        for (String value : values) {
            Optional<String> problem = valueProblem(field + ".values", value);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> keyProblem(String field, String key) {
        if (key == null || key.isEmpty()) {
            return Optional.of(field + ": a label key is required");
        }
        int slash = key.lastIndexOf('/');
        String prefix = slash < 0 ? null : key.substring(0, slash);
        String name = key.substring(slash + 1);
        boolean prefixOk = prefix == null
                || prefix.length() <= 253 && DNS_SUBDOMAIN.matcher(prefix).matches();
        if (!prefixOk
                || name.isEmpty()
                || name.length() > 63
                || !NAME.matcher(name).matches()) {
            return Optional.of(field + ": \"" + key + "\" is not a label key (an optional DNS prefix and '/', then "
                    + "up to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)");
        }
        return Optional.empty();
    }

    private static Optional<String> valueProblem(String field, String value) {
        if (value == null || value.length() > 63 || !NAME.matcher(value).matches()) {
            return Optional.of(field + ": \"" + value + "\" is not a label value (up to 63 letters, digits, '-', '_' "
                    + "or '.', starting and ending with a letter or digit)");
        }
        return Optional.empty();
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> have = labels == null ? Map.of() : labels;
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
                if (!e.getValue().equals(have.get(e.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                if (!matches(r, have)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean matches(LabelSelectorRequirement r, Map<String, String> labels) {
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        String value = labels.get(r.getKey());
        return switch (r.getOperator() == null ? "" : r.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            // An operator Kubernetes does not know selects nothing (the schedule reports no matches).
            default -> false;
        };
    }
}
