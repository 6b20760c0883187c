package io.computemirror.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A timetable that says "suspended" or "running" for the Machines it selects in its namespace: cron windows in a time
 * zone. A Machine's own {@code spec.suspended} wins; scheduled changes go through the same actuation as spec changes.
 */
@Group(ApiConstants.GROUP)
@Version(ApiConstants.VERSION)
@Kind("MachineSchedule")
@Singular("machineschedule")
@Plural("machineschedules")
@ShortNames("cmsched")
@Categories(ApiConstants.CATEGORY)
@AdditionalPrinterColumn(name = "TIMEZONE", jsonPath = ".spec.timeZone", type = Type.STRING)
@AdditionalPrinterColumn(name = "NEXT", jsonPath = ".status.nextTransition.time", type = Type.STRING)
@AdditionalPrinterColumn(name = "ACTION", jsonPath = ".status.nextTransition.action", type = Type.STRING)
@AdditionalPrinterColumn(name = "MATCHED", jsonPath = ".status.matchedMachines", type = Type.INTEGER)
@AdditionalPrinterColumn(
        name = "READY",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = Type.STRING)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@AdditionalPrinterColumn(
        name = "IN-STATE",
        jsonPath = ".status.machinesInDesiredState",
        type = Type.INTEGER,
        priority = 1)
@AdditionalPrinterColumn(
        name = "REASON",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
        type = Type.STRING,
        priority = 1)
public class MachineSchedule extends CustomResource<MachineScheduleSpec, MachineScheduleStatus> implements Namespaced {}
