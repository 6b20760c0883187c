package io.computemirror.api.v1alpha1;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Size;

/**
 * What the status of every kind has: the generation it was written for and its conditions. Written once here so the
 * CRDs of all kinds validate them alike.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class ObservedStatus {

    private Long observedGeneration;

    @Size(max = ApiConstants.MAX_CONDITIONS)
    private List<Condition> conditions = new ArrayList<>();

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }
}
