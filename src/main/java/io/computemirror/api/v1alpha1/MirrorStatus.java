package io.computemirror.api.v1alpha1;

import java.util.List;

/** What every mirror status (Machine, GpuOffer) has, so the sync treats both kinds alike. */
public interface MirrorStatus {

    List<Condition> getConditions();

    void setConditions(List<Condition> conditions);

    String getGoneSince();

    void setGoneSince(String goneSince);

    Long getObservedGeneration();

    void setObservedGeneration(Long observedGeneration);

    /** The phase as a word ("Unknown" when none is set yet); not a getter, so it never reaches the schema. */
    String phaseName();
}
