package io.computemirror.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Quiva account settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class QuivaSpec {
    @JsonPropertyDescription("Filters passed to GET /compute/machines.")
    private QuivaFilter filter;

    public QuivaFilter getFilter() {
        return filter;
    }

    public void setFilter(QuivaFilter filter) {
        this.filter = filter;
    }
}
