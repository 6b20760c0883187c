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
 * A standing question over the namespace's GpuOffers ("the cheapest available pair of RTX 4090s"): its status is the
 * matching offers, cheapest first, kept live from the operator's cache.
 */
@Group(ApiConstants.GROUP)
@Version(ApiConstants.VERSION)
@Kind("GpuOfferQuery")
@Singular("gpuofferquery")
@Plural("gpuofferqueries")
@ShortNames("gpoq")
@Categories(ApiConstants.CATEGORY)
@AdditionalPrinterColumn(name = "MATCHED", jsonPath = ".status.matchedOffers", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "CHEAPEST", jsonPath = ".status.cheapest.name", type = Type.STRING)
@AdditionalPrinterColumn(name = "PRICE/GPU-H", jsonPath = ".status.cheapest.pricePerGpuHour", type = Type.STRING)
@AdditionalPrinterColumn(name = "COUNTRY", jsonPath = ".status.cheapest.country", type = Type.STRING)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class GpuOfferQuery extends CustomResource<GpuOfferQuerySpec, GpuOfferQueryStatus> implements Namespaced {}
