package io.computemirror.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The Quiva machine JSON, with the stats block from the resource {@code quiva-machine-stats.json}. */
final class QuivaJson {

    private static final ObjectNode STATS_TEMPLATE = loadStatsTemplate();

    private QuivaJson() {}

    static ObjectNode machine(QuivaMachine m) {
        String account = QuivaSimulator.ACCOUNT;
        ObjectNode node = SimJson.object();
        node.put("hydra_machine_version", "0.0.1");
        node.put("id", m.id);
        node.put("pid", m.pid);
        node.put("status", m.status);
        node.put("runtime", m.runtime);
        node.put("runtime_version", m.runtimeVersion);
        node.put("memory", m.memoryMb + ".00 MB");
        node.put("rootfs", "/home/compute/machines/" + account + "/" + m.id + "/rootfs");
        // Instant.toString drops trailing zeros; Quiva always prints nine fractional digits.
        node.put(
                "created",
                String.format(
                        Locale.ROOT,
                        "%sT%s.%09dZ",
                        m.created.toString().substring(0, 10),
                        m.created.toString().substring(11, 19),
                        m.created.getNano()));
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("account", account);
        annotations.put("bundle", "/home/compute");
        annotations.put("cpu", m.cpu);
        annotations.put("hydra.node", m.node);
        annotations.put("machine", m.id);
        annotations.put("mem", m.memoryMb + "MB");
        annotations.put("namespace", m.namespace);
        annotations.put("runtime.version", m.runtimeVersion);
        annotations.put("service", m.service);
        // Reproduces the provider's leaked Go format verb on purpose.
        annotations.put("service.auto", "%strue");
        annotations.put("service.handler", "/main.main");
        annotations.put("service.version", m.serviceVersion);
        ObjectNode annotationNode = node.putObject("annotations");
        annotations.forEach(annotationNode::put);
        node.put("owner", account);
        ObjectNode stats = STATS_TEMPLATE.deepCopy();
        ObjectNode cgroup = (ObjectNode) stats.get("CgroupStats");
        ((ObjectNode) cgroup.at("/cpu_stats/cpu_usage")).put("total_usage", m.cpuUsage);
        ((ObjectNode) cgroup.at("/memory_stats/usage"))
                .put("usage", m.memoryUsage)
                .put("limit", m.memoryMb * 1024L * 1024L);
        ((ObjectNode) stats.withArray("Interfaces").get(0)).put("RxBytes", m.cpuUsage / 1000);
        node.set("stats", stats);
        node.put("type", "Compute Function");
        return node;
    }

    private static ObjectNode loadStatsTemplate() {
        try (InputStream in = QuivaJson.class.getResourceAsStream("quiva-machine-stats.json")) {
            if (in == null) {
                throw new IllegalStateException("missing resource quiva-machine-stats.json next to QuivaJson");
            }
            return (ObjectNode) SimJson.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read quiva-machine-stats.json", e);
        }
    }
}
