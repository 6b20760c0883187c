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

/** A rentable machine listed in the Clore marketplace (on Hiveon): its GPUs, prices and location. */
@Group(ApiConstants.GROUP)
@Version(ApiConstants.VERSION)
@Kind("GpuOffer")
@Singular("gpuoffer")
@Plural("gpuoffers")
@ShortNames("gpo")
@Categories(ApiConstants.CATEGORY)
@AdditionalPrinterColumn(name = "GPU", jsonPath = ".status.gpuSummary", type = Type.STRING)
@AdditionalPrinterColumn(name = "GPUS", jsonPath = ".status.gpuCount", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "VRAM", jsonPath = ".status.totalVramGb", type = Type.NUMBER)
@AdditionalPrinterColumn(name = "PRICE", jsonPath = ".status.prices[0].amount", type = Type.STRING)
@AdditionalPrinterColumn(name = "CURRENCY", jsonPath = ".status.prices[0].currency", type = Type.STRING)
@AdditionalPrinterColumn(name = "PRICE/GPU-H", jsonPath = ".status.normalizedPrice.perGpuHour", type = Type.STRING)
@AdditionalPrinterColumn(name = "COUNTRY", jsonPath = ".status.location.country", type = Type.STRING)
@AdditionalPrinterColumn(name = "AVAILABLE", jsonPath = ".status.available", type = Type.BOOLEAN)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@AdditionalPrinterColumn(name = "PROVIDER", jsonPath = ".spec.providerRef.name", type = Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "EXTERNAL-ID", jsonPath = ".spec.externalId", type = Type.STRING, priority = 1)
public class GpuOffer extends CustomResource<GpuOfferSpec, GpuOfferStatus> implements Namespaced {}
