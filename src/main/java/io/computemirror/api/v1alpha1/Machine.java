package io.computemirror.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.generator.annotation.ValidationRule;
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
 * A machine at Quiva or Akua. The spec names it and holds the user's desired {@code suspended}; the status is
 * what the provider reports. Deleting the resource never deletes or suspends the outside machine.
 */
@Group(ApiConstants.GROUP)
@Version(ApiConstants.VERSION)
@Kind("Machine")
@Singular("machine")
@Plural("machines")
@ShortNames("cmm")
@Categories(ApiConstants.CATEGORY)
@AdditionalPrinterColumn(name = "PROVIDER", jsonPath = ".spec.providerRef.name", type = Type.STRING)
@AdditionalPrinterColumn(name = "EXTERNAL-ID", jsonPath = ".spec.externalId", type = Type.STRING)
@AdditionalPrinterColumn(name = "PHASE", jsonPath = ".status.phase", type = Type.STRING)
@AdditionalPrinterColumn(name = "SUSPEND", jsonPath = ".spec.suspended", type = Type.BOOLEAN)
@AdditionalPrinterColumn(
        name = "READY",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = Type.STRING)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@AdditionalPrinterColumn(name = "ADDRESS", jsonPath = ".status.addresses[0]", type = Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "PROVIDER-STATE", jsonPath = ".status.providerState", type = Type.STRING, priority = 1)
// A transition rule (it reads oldSelf): it judges spec changes only, so the sync's status writes are never refused.
@ValidationRule(
        value = "self.spec == oldSelf.spec || !(has(self.spec.suspended) && self.spec.suspended"
                + " && has(self.status) && has(self.status.providerType) && self.status.providerType != 'Akua')",
        fieldPath = ".spec.suspended",
        reason = "FieldValueForbidden",
        message = "spec.suspended cannot be true: only Akua machines can be suspended, and this machine's provider "
                + "(status.providerType) has no suspend API; remove spec.suspended")
public class Machine extends CustomResource<MachineSpec, MachineStatus> implements Namespaced {}
