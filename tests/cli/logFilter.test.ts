// The access-log filters simulate can evaluate: comparisons on the upstream cluster, joined by
// && and ||, and nothing it would have to guess.
import * as assert from "assert";
import { evaluateCel, logWrites } from "../../cli/logFilter";

const PASS = { clusterName: "PassthroughCluster" };
const GATEWAY = { clusterName: "outbound|80|aliyun-com|istio-egressgateway.istio-system.svc.cluster.local" };

describe("access-log filters", () => {
    const cases: [string, typeof PASS, boolean | undefined][] = [
        ["xds.cluster_name == 'PassthroughCluster'", PASS, true],
        ["xds.cluster_name == 'PassthroughCluster'", GATEWAY, false],
        ["xds.cluster_name != 'PassthroughCluster'", GATEWAY, true],
        ["xds.cluster_name != 'PassthroughCluster'", PASS, false],
        ["  xds.cluster_name=='PassthroughCluster'  ", PASS, true],
        ["xds.cluster_name == 'BlackHoleCluster' || xds.cluster_name == 'PassthroughCluster'", PASS, true],
        ["xds.cluster_name == 'BlackHoleCluster' || xds.cluster_name == 'Other'", PASS, false],
        ["xds.cluster_name != 'BlackHoleCluster' && xds.cluster_name == 'PassthroughCluster'", PASS, true],
        ["xds.cluster_name == 'BlackHoleCluster' && xds.cluster_name == 'PassthroughCluster'", PASS, false],
        ["xds.cluster_name == 'X' && xds.cluster_name == 'Y' || xds.cluster_name == 'PassthroughCluster'", PASS, true],
        ["response.code >= 400", PASS, undefined],
        ["xds.cluster_name == 'PassthroughCluster' || response.code >= 400", PASS, undefined],
        ["(xds.cluster_name == 'PassthroughCluster')", PASS, undefined],
        ["xds.cluster_name == \"PassthroughCluster\"", PASS, undefined],
        ["!xds.cluster_name == 'PassthroughCluster'", PASS, undefined],
        ["xds.cluster_name == 'Passthrough' + 'Cluster'", PASS, undefined],
    ];
    for (const [expression, ctx, expected] of cases) {
        it(`${expression.trim()} on ${ctx.clusterName.split("|")[0]} is ${expected}`, () => assert.strictEqual(evaluateCel(expression, ctx), expected));
    }

    it("writes a call only when every filter holds, and knows no filter but CEL", () => {
        assert.strictEqual(logWrites([], GATEWAY), true);
        assert.strictEqual(logWrites(["cel:xds.cluster_name == 'PassthroughCluster'"], PASS), true);
        assert.strictEqual(logWrites(["cel:xds.cluster_name == 'PassthroughCluster'", "cel:xds.cluster_name != 'PassthroughCluster'"], PASS), false);
        assert.strictEqual(logWrites(["cel:xds.cluster_name != 'PassthroughCluster'", "cel:response.code >= 400"], PASS), undefined);
        assert.strictEqual(logWrites(["extension:envoy.access_loggers.extension_filters.other"], PASS), undefined);
        assert.strictEqual(logWrites(["other:*accesslogv3.AccessLogFilter_StatusCodeFilter"], PASS), undefined);
    });
});
