package io.computemirror.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code deploy/gitops/argocd-health.lua} run as Argo CD runs it (the resource as the global {@code obj}, a table
 * with {@code status} and {@code message} returned), on resources shaped as the operator writes them; and the
 * argocd-cm snippet holds exactly that script for each kind.
 */
class ArgoCdHealthTest {

    private static final Path SCRIPT = Path.of("deploy", "gitops", "argocd-health.lua");
    private static final Path CONFIG_MAP = Path.of("deploy", "gitops", "argocd-cm-health.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            Machine without status                      | Progressing | Machine         | 1 | -                                                                            | -
            Machine Running, no opinion                 | Healthy     | Machine         | 1 | Ready,True,Running,1;Synced,True,Polled,1                                    | -
            Machine just patched, not yet acted on      | Progressing | Machine         | 2 | Ready,True,Running,1;Synced,True,Polled,1                                    | -
            Machine suspending                          | Progressing | Machine         | 2 | Ready,False,Suspending,2;Synced,True,Polled,2                                | op_1
            Machine Suspended as desired                | Healthy     | Machine         | 2 | Ready,True,Suspended,2;Synced,True,Polled,2                                  | -
            Machine operation failed                    | Degraded    | Machine         | 2 | Ready,False,OperationFailed,2;Synced,True,Polled,2                           | -
            Quiva Machine asked to suspend              | Degraded    | Machine         | 2 | Ready,False,SuspendNotSupported,2;Synced,True,Polled,2                       | -
            Machine gone at the provider                | Degraded    | Machine         | 1 | Ready,False,Gone,1;Synced,True,NotListed,1                                   | -
            Machine paused without asking               | Suspended   | Machine         | 1 | Ready,False,Paused,1;Synced,True,Polled,1                                    | -
            Machine waiting to be suspended             | Progressing | Machine         | 2 | Ready,False,Running,2;Synced,True,Polled,2                                   | -
            Machine whose provider poll fails           | Degraded    | Machine         | 1 | Ready,True,Running,1;Synced,False,ProviderUnavailable,1                      | -
            Machine suspending, kstatus conditions      | Progressing | Machine         | 2 | Ready,False,Suspending,2;Synced,True,Polled,2;Reconciling,True,Suspending,2  | op_1
            Machine operation failed, Stalled           | Degraded    | Machine         | 2 | Ready,False,OperationFailed,2;Synced,True,Polled,2;Stalled,True,OperationFailed,2 | -
            Machine refused before it was mirrored      | Degraded    | Machine         | 1 | Stalled,True,SuspendNotSupported,1                                           | -
            Machine held by a paused account            | Suspended   | Machine         | 2 | Ready,False,Running,2;Synced,True,Polled,2;Reconciling,True,AccountPaused,2  | -
            Machine waiting for its account             | Progressing | Machine         | 2 | Ready,False,Running,2;Synced,True,Polled,2;Reconciling,True,WaitingForAccount,2 | -
            Machine Suspended, failure of an older spec | Healthy     | Machine         | 3 | Ready,True,Suspended,3;Synced,True,Polled,3                                  | -
            ComputeProvider polled                      | Healthy     | ComputeProvider | 1 | Ready,True,Polled,1                                                          | -
            ComputeProvider mass vanish held            | Healthy     | ComputeProvider | 1 | Ready,True,MassVanishHeld,1                                                  | -
            ComputeProvider credentials refused         | Degraded    | ComputeProvider | 1 | Ready,False,CredentialsRefused,1;Stalled,True,CredentialsRefused,1           | -
            ComputeProvider rate limited                | Progressing | ComputeProvider | 1 | Ready,False,RateLimited,1                                                    | -
            ComputeProvider provider down               | Degraded    | ComputeProvider | 1 | Ready,False,ProviderUnavailable,1                                            | -
            ComputeProvider listing incomplete          | Healthy     | ComputeProvider | 1 | Ready,True,ListingIncomplete,1                                               | -
            Machine whose data turned stale             | Degraded    | Machine         | 1 | Ready,True,Running,1;Synced,False,Stale,1                                    | -
            ComputeProvider secret missing              | Degraded    | ComputeProvider | 3 | Ready,False,CredentialsSecretNotFound,3                                      | -
            ComputeProvider paused                      | Suspended   | ComputeProvider | 2 | Ready,False,Paused,2                                                         | -
            ComputeProvider spec changed, not yet seen  | Progressing | ComputeProvider | 3 | Ready,False,CredentialsRefused,2                                             | -
            GpuOffer available                          | Healthy     | GpuOffer        | 1 | Ready,True,Available,1;Synced,True,Polled,1                                  | -
            GpuOffer rented                             | Suspended   | GpuOffer        | 1 | Ready,False,Unavailable,1;Synced,True,Polled,1                               | -
            GpuOffer gone                               | Degraded    | GpuOffer        | 1 | Ready,False,Gone,1;Synced,True,NotListed,1                                   | -
            GpuOfferQuery without status                | Progressing | GpuOfferQuery   | 1 | -                                                                            | -
            GpuOfferQuery matched                       | Healthy     | GpuOfferQuery   | 1 | Ready,True,Matched,1                                                         | -
            GpuOfferQuery nothing matches               | Healthy     | GpuOfferQuery   | 2 | Ready,True,NoMatch,2                                                         | -
            GpuOfferQuery changed, not yet evaluated    | Progressing | GpuOfferQuery   | 3 | Ready,True,Matched,2                                                         | -
            GpuOfferQuery being evaluated               | Progressing | GpuOfferQuery   | 2 | Ready,True,Matched,2;Reconciling,True,Evaluating,2                           | -
            GpuOfferQuery invalid, Stalled              | Degraded    | GpuOfferQuery   | 2 | Ready,False,InvalidQuery,2;Stalled,True,InvalidQuery,2                       | -
            GpuOfferQuery fixed after a Stalled         | Healthy     | GpuOfferQuery   | 3 | Ready,True,Matched,3;Stalled,True,InvalidQuery,2                             | -
            GpuOfferQuery not Ready                     | Degraded    | GpuOfferQuery   | 1 | Ready,False,InvalidQuery,1                                                   | -
            MachineSchedule without status              | Progressing | MachineSchedule | 1 | -                                                                            | -
            MachineSchedule in its scheduled state      | Healthy     | MachineSchedule | 1 | Ready,True,InScheduledState,1                                                | -
            MachineSchedule paused                      | Suspended   | MachineSchedule | 2 | Ready,True,Paused,2                                                          | -
            MachineSchedule machines on their way       | Progressing | MachineSchedule | 1 | Ready,False,Transitioning,1;Reconciling,True,Transitioning,1                 | -
            MachineSchedule transitioning, no Reconciling | Progressing | MachineSchedule | 1 | Ready,False,Transitioning,1                                                | -
            MachineSchedule invalid cron, Stalled       | Degraded    | MachineSchedule | 1 | Ready,False,InvalidSchedule,1;Stalled,True,InvalidSchedule,1                 | -
            MachineSchedule invalid, no Stalled yet     | Degraded    | MachineSchedule | 1 | Ready,False,InvalidSchedule,1                                                | -
            MachineSchedule machines failed             | Degraded    | MachineSchedule | 2 | Ready,False,MachinesFailed,2                                                 | -
            MachineSchedule machines failed, Stalled    | Degraded    | MachineSchedule | 2 | Ready,False,MachinesFailed,2;Stalled,True,MachinesFailed,2                   | -
            MachineSchedule fixed after a Stalled       | Healthy     | MachineSchedule | 3 | Ready,True,InScheduledState,3                                                | -
            MachineSchedule spec changed, not yet seen  | Progressing | MachineSchedule | 3 | Ready,False,InvalidSchedule,2;Stalled,True,InvalidSchedule,2                 | -
            """)
    void healthFollowsTheConditions(
            String name, String expected, String kind, long generation, String conditions, String operationId)
            throws IOException {
        LuaValue result = run(resource(kind, generation, conditions, operationId));

        assertThat(result.get("status").tojstring()).as(name).isEqualTo(expected);
        assertThat(result.get("message").isstring()).as("%s: a message", name).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ComputeProvider", "Machine", "GpuOffer", "GpuOfferQuery", "MachineSchedule"})
    void theArgoCdConfigMapSnippetHoldsTheScriptForEachKind(String kind) throws IOException {
        JsonNode data = new YAMLMapper().readTree(CONFIG_MAP.toFile()).path("data");

        assertThat(data.path("resource.customizations.health.computemirror.io_" + kind)
                        .asText())
                .isEqualTo(Files.readString(SCRIPT));
    }

    @Test
    void theArgoCdConfigMapSnippetHasAKeyForEachOfTheFiveKindsAndNoOther() throws IOException {
        JsonNode data = new YAMLMapper().readTree(CONFIG_MAP.toFile()).path("data");

        assertThat(data.fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder(
                        "resource.customizations.health.computemirror.io_ComputeProvider",
                        "resource.customizations.health.computemirror.io_Machine",
                        "resource.customizations.health.computemirror.io_GpuOffer",
                        "resource.customizations.health.computemirror.io_GpuOfferQuery",
                        "resource.customizations.health.computemirror.io_MachineSchedule");
    }

    /** A resource as the operator writes it: conditions "type,status,reason,observedGeneration;...", or "-" for none. */
    private static JsonNode resource(String kind, long generation, String conditions, String operationId) {
        Map<String, Object> metadata = Map.of("name", "example", "namespace", "team-a", "generation", generation);
        if ("-".equals(conditions)) {
            return JSON.valueToTree(
                    Map.of("apiVersion", "computemirror.io/v1alpha1", "kind", kind, "metadata", metadata));
        }
        var list = JSON.createArrayNode();
        for (String c : conditions.split(";")) {
            String[] f = c.split(",");
            list.addObject()
                    .put("type", f[0])
                    .put("status", f[1])
                    .put("reason", f[2])
                    .put("message", "what the operator says")
                    .put("observedGeneration", Long.parseLong(f[3]))
                    .put("lastTransitionTime", "2026-01-01T00:00:00Z");
        }
        var status = JSON.createObjectNode();
        status.set("conditions", list);
        status.put("observedGeneration", generation);
        if (!"-".equals(operationId)) {
            status.putObject("operation").put("id", operationId).put("action", "Suspend");
        }
        var root = JSON.createObjectNode()
                .put("apiVersion", "computemirror.io/v1alpha1")
                .put("kind", kind);
        root.set("metadata", JSON.valueToTree(metadata));
        root.set("status", status);
        return root;
    }

    private static LuaValue run(JsonNode resource) throws IOException {
        Globals globals = JsePlatform.standardGlobals();
        globals.set("obj", lua(resource));
        return globals.load(Files.readString(SCRIPT), "argocd-health.lua").call();
    }

    /** JSON as Argo CD hands it to Lua: objects and arrays as tables (arrays from 1), numbers, strings, booleans. */
    private static LuaValue lua(JsonNode node) {
        if (node.isObject()) {
            LuaTable table = new LuaTable();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                table.set(field.getKey(), lua(field.getValue()));
            }
            return table;
        }
        if (node.isArray()) {
            LuaTable table = new LuaTable();
            for (int i = 0; i < node.size(); i++) {
                table.set(i + 1, lua(node.get(i)));
            }
            return table;
        }
        if (node.isNumber()) {
            return LuaValue.valueOf(node.asDouble());
        }
        if (node.isBoolean()) {
            return LuaValue.valueOf(node.asBoolean());
        }
        return node.isNull() ? LuaValue.NIL : LuaValue.valueOf(node.asText());
    }
}
