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

/** One account at a compute provider, whose machines or offers compute-mirror mirrors into this namespace. */
@Group(ApiConstants.GROUP)
@Version(ApiConstants.VERSION)
@Kind("ComputeProvider")
@Singular("computeprovider")
@Plural("computeproviders")
@ShortNames("cprov")
@Categories(ApiConstants.CATEGORY)
@ValidationRule(
        value = "size(self.metadata.name) <= 63",
        message = "metadata.name must be at most 63 characters: it is "
                + "the value of the label computemirror.io/provider on every mirrored object")
@AdditionalPrinterColumn(name = "TYPE", jsonPath = ".spec.type", type = Type.STRING)
@AdditionalPrinterColumn(
        name = "READY",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = Type.STRING)
@AdditionalPrinterColumn(name = "OBJECTS", jsonPath = ".status.objects.total", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "LAST-POLL", jsonPath = ".status.lastPollTime", type = Type.DATE)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@AdditionalPrinterColumn(
        name = "REASON",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
        type = Type.STRING,
        priority = 1)
public class ComputeProvider extends CustomResource<ComputeProviderSpec, ComputeProviderStatus> implements Namespaced {}
